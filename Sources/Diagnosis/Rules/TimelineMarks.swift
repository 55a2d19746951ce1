import LighterProtocol

/// The rare events the timeline marks at their own moment (and counts per bucket).
enum TimelineEvent: Int, CaseIterable, Sendable {
    case reconnect, subscriptionSent, subscriptionConfirmed, subscriptionFailed, fill, processedFill, finding

    /// The name in the report (a processed fill is reported as a fill when it is counted as one).
    var name: String {
        switch self {
        case .reconnect: "reconnect"
        case .subscriptionSent: "subscription-sent"
        case .subscriptionConfirmed: "subscription-confirmed"
        case .subscriptionFailed: "subscription-failed"
        case .fill, .processedFill: "fill"
        case .finding: "finding"
        }
    }

    /// A subscription shows as several lines written together (the request as built, as sent,
    /// and the bot's own line; a confirmation, the snapshot's offset, the snapshot): one event.
    var foldsRepeats: Bool { self == .subscriptionSent || self == .subscriptionConfirmed || self == .subscriptionFailed }

    /// Lines of one event are written within this many milliseconds of its first.
    static let repeatWindow = 100
}

/// A `MarkSeries` per kind of event.
struct TimelineMarks: Sendable {
    private var series = Array(repeating: MarkSeries(), count: TimelineEvent.allCases.count)

    mutating func take(_ event: TimelineEvent, at millisecond: Int, tag: Int) -> MarkDecision {
        series[event.rawValue].take(millisecond, tag: tag, foldsRepeats: event.foldsRepeats)
    }

    mutating func add(_ event: TimelineEvent, _ mark: EventMark) { series[event.rawValue].add(mark) }

    /// See `MarkSeries.flushPending`.
    mutating func flushPending() {
        for i in series.indices { series[i].flushPending() }
    }

    mutating func settle(base: UnsafePointer<UInt8>, limit: Int) {
        for i in series.indices { series[i].settle(base: base, limit: limit) }
    }

    mutating func merge(_ later: TimelineMarks, lineOffset: Int) {
        for i in series.indices {
            series[i].merge(later.series[i], lineOffset: lineOffset)
        }
    }

    /// The kinds reported: processed fills stand for fills only in a log without detections.
    private func reported(_ countProcessedFills: Bool) -> [TimelineEvent] {
        TimelineEvent.allCases.filter { $0 != .processedFill || countProcessedFills }
    }

    /// Timed events by name, drawn or folded into a mark's count.
    func eventCounts(countProcessedFills: Bool) -> [String: Int] {
        var counts: [String: Int] = [:]
        for event in reported(countProcessedFills) where series[event.rawValue].events > 0 {
            counts[event.name, default: 0] += series[event.rawValue].events
        }
        return counts
    }

    /// The marks in time order (then file and line order).
    func build(countProcessedFills: Bool, files: [String]) -> [Timeline.Mark] {
        let fileOrder = Dictionary(files.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var marks: [(order: (Int, Int, Int), mark: Timeline.Mark)] = []
        // A sign's name once per sign: `String(describing:)` reflects on the case, some ten
        // thousand instructions a call, and a timeline has hundreds of marks.
        var signalNames: [Int: String] = [:]
        func signalName(_ tag: Int) -> String? {
            if let name = signalNames[tag] { return name }
            guard let signal = Signal(rawValue: tag) else { return nil }
            let name = Self.kebab(String(describing: signal))
            signalNames[tag] = name
            return name
        }
        for event in reported(countProcessedFills) {
            for mark in series[event.rawValue].all {
                let evidence = mark.line.evidence
                let detail = event == .reconnect ? ReconnectCause(rawValue: mark.tag)?.name : signalName(mark.tag)
                marks.append(((mark.millisecond, fileOrder[evidence.file] ?? Int.max, evidence.line),
                              Timeline.Mark(kind: event.name, time: CivilTime.label(millisecond: mark.millisecond),
                                            millisecond: mark.millisecond, count: mark.count, detail: detail,
                                            evidence: evidence)))
            }
        }
        return marks.sorted { $0.order < $1.order }.map(\.mark)
    }

    /// `authTokenFailed` → `auth-token-failed`, the way finding ids are written.
    static func kebab(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "-" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

extension DiagnosisState {
    /// Counts an event in the current bucket and marks it at its moment; its line is copied only
    /// when the mark is kept.
    mutating func timelineEvent(_ event: TimelineEvent, _ ref: LineRef, tag: Int) {
        // A line without a time has no bucket and no place on the chart.
        guard let millisecond = ref.header.milliseconds(in: ref.bytes) else { return }
        switch timeline.takeMark(event, at: millisecond, tag: tag) {
        case .repeated:
            return
        case .counted:
            timeline.count(event)
        case .needsMark:
            timeline.count(event)
            // In a part read apart, the line is copied only if its mark survives the merge.
            timeline.addMark(event, EventMark(millisecond: millisecond, tag: tag, line: candidateLine(ref)))
        }
    }
}
