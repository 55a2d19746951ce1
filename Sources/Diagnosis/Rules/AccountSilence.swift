import LighterProtocol
/// What a received frame is to the account-silence rule.
enum FrameKind: UInt8 {
    /// Not yet classified (a type index seen for the first time).
    case unknown
    /// `update/account_orders`, `update/account_all_orders`, `update/account_all_trades`.
    case account
    /// Any other `update/…` frame: the book, trades. Shows the socket delivering.
    case other
    /// Greetings, confirmations, pings: sent on a schedule or once, they prove no flow.
    case ignored

    static func of(_ type: String) -> FrameKind {
        switch type {
        case "update/account_orders", "update/account_all_orders", "update/account_all_trades": .account
        default: type.hasPrefix("update/") ? .other : .ignored
        }
    }
}

/// Account frames set against the rest of the stream in time: finds the account channels going
/// quiet while the socket kept delivering other frames (the guide's scenario 4).
///
/// A state that read part of a log apart keeps what came before its first account frame
/// (`head`) and after its last (`tail`), so that `absorb` closes a silence spanning parts
/// exactly as one pass would. Times are milliseconds since 1970, as the log wrote them.
struct AccountSilenceTracker: Sendable {
    /// Steady traffic first: at least this many account frames before a silence.
    static let minFramesBefore = 5
    /// A silence lasts at least this long …
    static let minSilenceMs = 10_000
    /// … and this many times the account frames' typical gap.
    static let typicalGapFactor = 5
    /// Frames closer than this are one burst (an order's `open` and `filled` arrive together):
    /// the typical gap is measured between bursts, so bursts cannot make it near zero.
    static let burstMs = 1_000
    /// Silences kept, longest first.
    static let keptSilences = 8

    /// Other frames within a stretch of the log: enough to tell whether they kept flowing.
    struct Run: Sendable {
        var count = 0
        var first = 0
        var last = 0
        /// The longest pause between two of them.
        var longestPause = 0

        @inline(__always)
        mutating func append(_ time: Int) {
            if count > 0 { longestPause = max(longestPause, time - last) } else { first = time }
            last = time
            count += 1
        }

        /// These frames followed by `later`'s.
        func then(_ later: Run) -> Run {
            guard count > 0 else { return later }
            guard later.count > 0 else { return self }
            return Run(count: count + later.count, first: first, last: later.last,
                       longestPause: max(longestPause, later.longestPause, later.first - last))
        }

        /// The longest stretch of `start...end` without one of these frames.
        func longestPause(from start: Int, to end: Int) -> Int {
            guard count > 0 else { return end - start }
            return max(first - start, longestPause, end - last)
        }
    }

    struct Silence: Sendable {
        var start: Int
        var length: Int
        /// Account frames of the file before it (in a part read apart: of the part).
        var framesBefore: Int
        var othersDuring: Int
        /// The file ends in it: measured to the last other frame.
        var atEnd: Bool
        /// The last account frame before it.
        var line: KeptLine

        /// Longest first; among equals, earliest first (the same order whatever the parts).
        static func before(_ a: Silence, _ b: Silence) -> Bool {
            if a.length != b.length { return a.length > b.length }
            if a.start != b.start { return a.start < b.start }
            return a.line.file != b.line.file ? a.line.file < b.line.file : a.line.line < b.line.line
        }
    }

    /// The last account frame's line, kept cheaply: its place in the part being read, or a copy.
    struct HeldLine: Sendable {
        var number = 0
        var offset: Int?
        var count = 0
        var bytes: [UInt8] = []

        /// The line as evidence; still an offset while a part is being read (`settle` copies it).
        func kept(_ place: LinePlace) -> KeptLine {
            if let offset, place.inPart { return KeptLine(pendingAt: offset, count: count, file: place.file, line: number) }
            return bytes.withUnsafeBufferPointer { KeptLine($0, file: place.file, line: number, limit: place.limit) }
        }
    }

    /// What turning a held line into evidence needs: its file, whether a part is being read, the
    /// evidence length.
    struct LinePlace {
        var file: String
        var inPart: Bool
        var limit: Int
    }

    /// Gaps between bursts of account frames, for their typical length.
    private(set) var gaps = GapHistogram()
    private(set) var silences: [Silence] = []
    /// Silences after fewer than `minFramesBefore` frames of this state: a part read apart learns
    /// only when absorbed how many frames came before it.
    private(set) var early: [Silence] = []

    // The current file.
    private(set) var frames = 0
    private(set) var firstTime: Int?
    private(set) var lastTime: Int?
    var lastLine = HeldLine()
    /// Other frames before the first account frame (all of them while there is none).
    private(set) var head = Run()
    /// Other frames after the last account frame.
    private(set) var tail = Run()

    @inline(__always)
    mutating func other(at time: Int) {
        if lastTime == nil { head.append(time) } else { tail.append(time) }
    }

    /// Whether an account frame at `time` ends a gap long enough to be kept as a silence: only
    /// then does `account(at:_:)` read where the held line is.
    @inline(__always)
    func mayEndSilence(at time: Int) -> Bool {
        guard let last = lastTime else { return false }
        return time - last >= Self.minSilenceMs
    }

    /// An account frame at `time`, whose line the caller then holds in `lastLine`.
    mutating func account(at time: Int, _ place: LinePlace) {
        if let last = lastTime {
            closeGap(start: last, end: time, during: tail, framesBefore: frames, line: lastLine, place)
        } else {
            firstTime = time
        }
        frames += 1
        lastTime = time
        tail = Run()
    }

    /// The gap from `start` to `end` between two account frames, with the other frames in it.
    private mutating func closeGap(start: Int, end: Int, during: Run, framesBefore: Int, line: HeldLine, _ place: LinePlace) {
        let length = end - start
        if length >= Self.burstMs { gaps.add(length) }
        guard length >= Self.minSilenceMs, Self.flowed(during, from: start, to: end) else { return }
        keep(Silence(start: start, length: length, framesBefore: framesBefore, othersDuring: during.count, atEnd: false,
                     line: line.kept(place)))
    }

    /// The rest of the stream kept flowing: no pause in it longer than a third of the silence
    /// (a dead socket pauses everything; a quiet account channel pauses only itself).
    private static func flowed(_ during: Run, from start: Int, to end: Int) -> Bool {
        during.count > 0 && during.longestPause(from: start, to: end) * 3 <= end - start
    }

    private mutating func keep(_ silence: Silence) {
        if silence.framesBefore >= Self.minFramesBefore {
            silences.append(silence)
            silences.sort(by: Silence.before)
            if silences.count > Self.keptSilences { silences.removeLast() }
        } else if early.count < Self.minFramesBefore {
            early.append(silence)
        }
    }

    /// The silence the current file ends in, if the other frames kept flowing long enough after
    /// the last account frame (a log that simply ends shows no silence).
    func silenceAtEnd(_ place: LinePlace) -> Silence? {
        guard let last = lastTime, tail.count > 0 else { return nil }
        let length = tail.last - last
        guard length >= Self.minSilenceMs, Self.flowed(tail, from: last, to: tail.last) else { return nil }
        return Silence(start: last, length: length, framesBefore: frames, othersDuring: tail.count, atEnd: true,
                       line: lastLine.kept(place))
    }

    /// Ends the current file: its last silence is kept, and the next file starts afresh.
    mutating func endFile(_ place: LinePlace) {
        if let silence = silenceAtEnd(place) { keep(silence) }
        frames = 0
        firstTime = nil
        lastTime = nil
        lastLine = HeldLine()
        head = Run()
        tail = Run()
        early = []
    }

    /// Adds `part`, read apart from the lines after these (in the same file); `lineOffset`
    /// renumbers its lines.
    mutating func absorb(_ part: AccountSilenceTracker, lineOffset: Int, _ place: LinePlace) {
        gaps.merge(part.gaps)
        for var silence in part.silences {
            silence.framesBefore += frames
            silence.line = silence.line.shifted(by: lineOffset)
            keep(silence)
        }
        for var silence in part.early {
            silence.framesBefore += frames
            silence.line = silence.line.shifted(by: lineOffset)
            keep(silence)
        }
        guard let partFirst = part.firstTime, let partLast = part.lastTime else {
            if lastTime == nil { head = head.then(part.head) } else { tail = tail.then(part.head) }
            return
        }
        if let last = lastTime {
            closeGap(start: last, end: partFirst, during: tail.then(part.head), framesBefore: frames, line: lastLine, place)
        } else {
            head = head.then(part.head)
            firstTime = partFirst
        }
        frames += part.frames
        lastTime = partLast
        lastLine = part.lastLine
        lastLine.number += lineOffset
        tail = part.tail
    }

    /// The silences that count, longest first: at least `minFramesBefore` frames before, and
    /// at least `threshold` long.
    func qualifying(including end: Silence?) -> (silences: [Silence], threshold: Int, typicalGap: Int?) {
        let typical = gaps.median
        let threshold = max(Self.minSilenceMs, (typical ?? 0) * Self.typicalGapFactor)
        var all = silences
        if let end, end.framesBefore >= Self.minFramesBefore { all.append(end) }
        let counted = all.filter { $0.framesBefore >= Self.minFramesBefore && $0.length >= threshold }
        return (Array(counted.sorted(by: Silence.before).prefix(Self.keptSilences)), threshold, typical)
    }

    /// Copies the lines still kept as offsets into the part at `base`.
    mutating func settle(base: UnsafePointer<UInt8>, limit: Int) {
        for k in silences.indices { silences[k].line.settle(base: base, limit: limit) }
        for k in early.indices { early[k].line.settle(base: base, limit: limit) }
        if let offset = lastLine.offset {
            lastLine.bytes = Array(UnsafeBufferPointer(start: base + offset, count: lastLine.count))
            lastLine.offset = nil
        }
    }
}

/// Counts of gap lengths in buckets a quarter of a power of two wide: the median within 19 %,
/// in constant memory, and two histograms add up.
struct GapHistogram: Sendable {
    private var counts: [Int] = []
    private(set) var total = 0

    private static func bucket(_ ms: Int) -> Int {
        let value = UInt64(max(1, ms))
        let exponent = 63 - value.leadingZeroBitCount
        let quarter = exponent >= 2 ? Int((value >> UInt64(exponent - 2)) & 3) : 0
        return exponent * 4 + quarter
    }

    /// The middle of a bucket's range.
    private static func middle(_ bucket: Int) -> Int {
        let exponent = bucket / 4
        guard exponent >= 2 else { return 1 << exponent }
        let lower = (4 + bucket % 4) << (exponent - 2)
        return lower + (1 << (exponent - 2)) / 2
    }

    mutating func add(_ ms: Int, count: Int = 1) {
        let b = Self.bucket(ms)
        if counts.count <= b { counts += Array(repeating: 0, count: b + 1 - counts.count) }
        counts[b] += count
        total += count
    }

    mutating func merge(_ other: GapHistogram) {
        if counts.count < other.counts.count { counts += Array(repeating: 0, count: other.counts.count - counts.count) }
        for (b, n) in other.counts.enumerated() { counts[b] += n }
        total += other.total
    }

    /// The median gap (nil without gaps).
    var median: Int? {
        guard total > 0 else { return nil }
        var seen = 0
        for (b, n) in counts.enumerated() {
            seen += n
            if seen * 2 >= total { return Self.middle(b) }
        }
        return nil
    }
}

extension DiagnosisState {
    /// Where held account lines are: this state's file, in a part being read or not.
    var accountLinePlace: AccountSilenceTracker.LinePlace {
        AccountSilenceTracker.LinePlace(file: lineFile, inPart: partBaseAddress != nil, limit: options.evidenceTextBytes)
    }

    /// The silences that count, the current file's last one included.
    func accountSilences() -> (silences: [AccountSilenceTracker.Silence], threshold: Int, typicalGap: Int?) {
        accountSilence.qualifying(including: accountSilence.silenceAtEnd(accountLinePlace))
    }

    /// A received frame of the type at `index` (in `messageTypes`), for the account-silence rule.
    @inline(__always)
    mutating func timeFrame(_ ref: LineRef, type index: Int) {
        guard index < frameKinds.count else { return }
        var kind = frameKinds[index]
        if kind == .unknown {
            kind = FrameKind.of(messageTypes.names[index])
            frameKinds[index] = kind
        }
        guard kind == .account || kind == .other, let time = ref.header.milliseconds(in: ref.bytes) else { return }
        if kind == .other {
            accountSilence.other(at: time)
        } else {
            accountFrame(ref, at: time)
        }
    }

    private mutating func accountFrame(_ ref: LineRef, at time: Int) {
        // The place holds the file's name: made only when a silence may be kept, since copying a
        // String per account frame costs a retain and a release.
        let place = accountSilence.mayEndSilence(at: time) ? accountLinePlace : AccountSilenceTracker.LinePlace(file: "", inPart: false, limit: 0)
        accountSilence.account(at: time, place)
        accountSilence.lastLine.number = ref.number
        accountSilence.lastLine.count = ref.bytes.count
        // Within a part its bytes stay put until the part ends: an offset will do.
        if let offset = partOffset(ref) {
            accountSilence.lastLine.offset = offset
        } else {
            accountSilence.lastLine.offset = nil
            accountSilence.lastLine.bytes.removeAll(keepingCapacity: true)
            accountSilence.lastLine.bytes.append(contentsOf: ref.bytes)
        }
    }
}
