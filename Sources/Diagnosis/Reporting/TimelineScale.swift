import LighterProtocol

extension CivilTime {
    /// `2025-12-22 14:03:07` for seconds since 1970.
    static func label(second: Int) -> String {
        let (minute, s) = floorDivide(second, 60)
        return label(minute: minute) + ":" + pad(s, 2)
    }

    /// `2025-12-22 14:03:07.123` for milliseconds since 1970.
    static func label(millisecond: Int) -> String {
        let (second, ms) = floorDivide(millisecond, 1000)
        return label(second: second) + "." + pad(ms, 3)
    }
}

/// The chart's scales: the bucket width that gives 60-120 buckets across the log's span, and
/// round steps for the time labels.
enum TimelineScale {
    /// Neighbours differ by at most 2x, so the narrowest width that gives at most `maxBuckets`
    /// buckets gives more than half as many.
    static let bucketSteps = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800,
                              3600, 7200, 10800, 14400, 21600, 43200, 86400, 172_800, 259_200, 604_800]
    static let maxBuckets = 120
    static let tickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
                            86400, 172_800, 604_800, 1_209_600, 2_592_000]

    /// Buckets of `step` seconds from the one holding `first` to the one holding `last`.
    static func bucketCount(first: Int, last: Int, step: Int) -> Int {
        floorDivide(last, step) - floorDivide(first, step) + 1
    }

    /// The narrowest round width, a multiple of `unit` (the collected buckets' width), that gives
    /// at most `maxBuckets` buckets.
    static func bucketSeconds(first: Int, last: Int, dividing unit: Int) -> Int {
        for step in bucketSteps where step % unit == 0 && bucketCount(first: first, last: last, step: step) <= maxBuckets {
            return step
        }
        var step = max(unit, (last - first) / maxBuckets / unit * unit)
        while bucketCount(first: first, last: last, step: step) > maxBuckets { step += unit }
        return step
    }

    /// The narrowest round label step that puts at most `maxLabels` labels on `span` seconds.
    static func tickSeconds(span: Double, maxLabels: Int) -> Int {
        for step in tickSteps where span / Double(step) <= Double(maxLabels) { return step }
        return Int((span / Double(max(1, maxLabels))).rounded(.up))
    }
}
