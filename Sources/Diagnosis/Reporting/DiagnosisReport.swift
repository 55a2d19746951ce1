import Foundation

/// One log line shown as evidence. The text is cut to a readable length, control characters
/// are replaced and secrets are redacted.
public struct Evidence: Codable, Sendable, Hashable {
    public var file: String
    public var line: Int
    public var text: String

    public init(file: String, line: Int, text: String) {
        self.file = file; self.line = line; self.text = text
    }
}

public enum Severity: String, Codable, Sendable, Hashable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

public enum Confidence: String, Codable, Sendable, Hashable {
    case high, medium, low
}

/// The stable identifiers of findings. Scripts match on these; never rename one.
public enum FindingID: String, Codable, Sendable, Hashable, CaseIterable {
    case debugLoggingOff = "debug-logging-off"
    case connectFailed = "connect-failed"
    case authTokenFailed = "auth-token-failed"
    case authRejected = "auth-rejected"
    case subscriptionUnconfirmed = "subscription-unconfirmed"
    case spotMarket = "spot-market"
    case wrongMarketUpdates = "wrong-market-updates"
    case reconnectStorm = "reconnect-storm"
    case noPong = "no-pong"
    case silentStream = "silent-stream"
    case accountStreamSilent = "account-stream-silent"
    case fillSourceBlind = "fill-source-blind"
    case partialFillIgnored = "partial-fill-ignored"
    case canceledFillUnknown = "canceled-fill-unknown"
    case hedgeTimeout = "hedge-timeout"
    case fallbackFill = "fallback-fill"
    case fillNotProcessed = "fill-not-processed"
    case unexpectedMessage = "unexpected-message"
    case secretInLog = "secret-in-log"
    case serverError = "server-error"
    case undecodableFrame = "undecodable-frame"
    case bookGap = "book-gap"
    case nakedLeg = "naked-leg"
}

public struct Finding: Codable, Sendable, Hashable {
    public var id: FindingID
    public var severity: Severity
    public var message: String
    /// How many times the sign occurred (lines, hedges, orders: the message says which).
    public var count: Int
    /// A sub-type where one applies: `dns`, `refused`, `tls`, `upgrade-rejected`, `timeout`,
    /// `other` for `connect-failed`; the main cause for `reconnect-storm`.
    public var kind: String?
    /// The venue's error code, for `auth-rejected` and `server-error`.
    public var code: Int?
    /// Counts by kind, cause, type or code.
    public var breakdown: [String: Int]
    /// The first few lines; `evidenceOmitted` more were seen.
    public var evidence: [Evidence]
    public var evidenceOmitted: Int

    public init(id: FindingID, severity: Severity, message: String, count: Int, kind: String? = nil,
                code: Int? = nil, breakdown: [String: Int] = [:], evidence: [Evidence] = [], evidenceOmitted: Int = 0) {
        self.id = id; self.severity = severity; self.message = message; self.count = count; self.kind = kind
        self.code = code; self.breakdown = breakdown; self.evidence = evidence; self.evidenceOmitted = evidenceOmitted
    }
}

public enum CheckStatus: String, Codable, Sendable, Hashable {
    /// What the check looks for is there.
    case ok
    /// Something to look at, not necessarily wrong.
    case attention
    /// What the check looks for is missing or wrong.
    case problem
    /// The log cannot say (for instance DEBUG lines it would need are not written).
    case unknown
}

/// One of the guide's six quick checks, run in the same pass.
public struct QuickCheck: Codable, Sendable, Hashable {
    public var name: String
    public var title: String
    /// The shell command the check replaces (corrected where the guide's is wrong).
    public var command: String
    /// What was wrong with the guide's command, when `command` corrects it.
    public var correction: String?
    public var status: CheckStatus
    public var summary: String
    public var counts: [String: Int]
    public var lines: [Evidence]
    public var linesOmitted: Int

    public init(name: String, title: String, command: String, correction: String? = nil, status: CheckStatus, summary: String,
                counts: [String: Int] = [:], lines: [Evidence] = [], linesOmitted: Int = 0) {
        self.name = name; self.title = title; self.command = command; self.correction = correction; self.status = status
        self.summary = summary; self.counts = counts; self.lines = lines; self.linesOmitted = linesOmitted
    }
}

/// Counts per time bucket, for a chart, and the rare events at their own moment. The buckets
/// are 60-120 across the log's span, of a round width (1, 2, 3, 5 … seconds, minutes, hours);
/// only those holding a line are listed.
public struct Timeline: Codable, Sendable, Hashable {
    public struct Bucket: Codable, Sendable, Hashable {
        /// `2025-12-22 14:03:05`, as the log wrote it (no time zone conversion).
        public var start: String
        /// Seconds since 1970 of `start`, read as written.
        public var startSecond: Int
        public var lines: Int
        /// Received frames by type (from `Received message type:` lines).
        public var messages: [String: Int]
        public var reconnects: Int
        /// Subscriptions confirmed by the server.
        public var subscriptions: Int
        /// Account subscriptions requested (the request, not the answer).
        public var subscriptionsSent: Int
        /// Subscriptions refused (an error frame) or never confirmed.
        public var subscriptionFailures: Int
        public var fills: Int
        public var findings: Int
        /// Health lines (`Health: msgs/s {…}`) written in the bucket.
        public var healthLines: Int
        /// Messages per second by type, the mean of the bucket's health lines (each measures the
        /// time since the one before).
        public var healthRates: [String: Double]

        public init(start: String, startSecond: Int = 0, lines: Int = 0, messages: [String: Int] = [:], reconnects: Int = 0,
                    subscriptions: Int = 0, subscriptionsSent: Int = 0, subscriptionFailures: Int = 0,
                    fills: Int = 0, findings: Int = 0, healthLines: Int = 0, healthRates: [String: Double] = [:]) {
            self.start = start; self.startSecond = startSecond; self.lines = lines; self.messages = messages
            self.reconnects = reconnects; self.subscriptions = subscriptions; self.subscriptionsSent = subscriptionsSent
            self.subscriptionFailures = subscriptionFailures; self.fills = fills; self.findings = findings
            self.healthLines = healthLines; self.healthRates = healthRates
        }
    }

    /// A reconnect, subscription change, fill or finding at its own moment, with its line.
    public struct Mark: Codable, Sendable, Hashable {
        /// `reconnect`, `subscription-sent`, `subscription-confirmed`, `subscription-failed`, `fill`, `finding`.
        public var kind: String
        /// `2025-12-22 14:03:07.123`, as the log wrote it.
        public var time: String
        /// Milliseconds since 1970 of `time`, read as written.
        public var millisecond: Int
        /// The events it stands for: 1, or, past the first marks of its kind, every event of its
        /// time cell (a long log keeps a bounded number of marks).
        public var count: Int
        /// The reconnect's cause or the sign behind the event (`no-pong`, `book-confirmed`).
        public var detail: String?
        public var evidence: Evidence

        public init(kind: String, time: String, millisecond: Int, count: Int = 1, detail: String? = nil, evidence: Evidence) {
            self.kind = kind; self.time = time; self.millisecond = millisecond; self.count = count
            self.detail = detail; self.evidence = evidence
        }
    }

    public var bucketSeconds: Int
    /// The first and last timestamps, in seconds since 1970 as written.
    public var firstSecond: Int?
    public var lastSecond: Int?
    public var buckets: [Bucket]
    public var marks: [Mark]
    /// Timed events by kind, all of them (marks past the first stand for several).
    public var events: [String: Int]
    /// Lines without a timestamp (console format, tracebacks).
    public var untimedLines: Int

    public init(bucketSeconds: Int = 1, firstSecond: Int? = nil, lastSecond: Int? = nil, buckets: [Bucket] = [],
                marks: [Mark] = [], untimedLines: Int = 0, events: [String: Int] = [:]) {
        self.bucketSeconds = bucketSeconds; self.firstSecond = firstSecond; self.lastSecond = lastSecond
        self.buckets = buckets; self.marks = marks; self.untimedLines = untimedLines; self.events = events
    }
}

/// What was read.
public struct InputSummary: Codable, Sendable, Hashable {
    public var files: [String]
    public var lines: Int
    public var bytes: Int
    /// Lines by level: `DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`, `none`.
    public var levels: [String: Int]
    /// Lines by layout: `file`, `console`, `json`, `bare`.
    public var layouts: [String: Int]
    /// Lines by writer: `python-bot`, `lighter-hedge`, `unknown`.
    public var writers: [String: Int]
    /// Lines whose emoji were garbled by a Windows-1252 round trip (`ðŸ“¨`, `âœ…`, `âš ï¸`).
    public var mojibakeLines: Int
    /// Lines longer than the reader keeps (their tail was not examined).
    public var longLines: Int
    public var firstTimestamp: String?
    public var lastTimestamp: String?

    public init(files: [String] = [], lines: Int = 0, bytes: Int = 0, levels: [String: Int] = [:],
                layouts: [String: Int] = [:], writers: [String: Int] = [:], mojibakeLines: Int = 0,
                longLines: Int = 0, firstTimestamp: String? = nil, lastTimestamp: String? = nil) {
        self.files = files; self.lines = lines; self.bytes = bytes; self.levels = levels; self.layouts = layouts
        self.writers = writers; self.mojibakeLines = mojibakeLines; self.longLines = longLines
        self.firstTimestamp = firstTimestamp; self.lastTimestamp = lastTimestamp
    }
}

/// The verdict on one or more logs: the guide's scenario, the lines that show it, findings
/// with stable ids, the six quick checks and a timeline.
public struct DiagnosisReport: Codable, Sendable, Hashable {
    /// The guide's scenario 1-6 best supported by the log; nil when the log holds no Lighter
    /// evidence at all.
    public var scenario: Int?
    /// Every scenario the evidence leaves open, most likely first. One entry when the log decides.
    public var candidates: [Int]
    public var confidence: Confidence
    public var title: String
    /// Whether the Lighter stream (connection, subscriptions, account updates) works, as far as
    /// the log shows; nil when it cannot tell.
    public var streamWorking: Bool?
    public var diagnosis: [String]
    public var actions: [String]
    /// The signs behind the verdict.
    public var evidence: [Evidence]
    public var findings: [Finding]
    /// The quick checks by name: `connection`, `auth`, `order-updates`, `fills`,
    /// `message-types`, `unexpected`.
    public var checks: [String: QuickCheck]
    public var timeline: Timeline
    public var input: InputSummary

    public init(scenario: Int?, candidates: [Int], confidence: Confidence, title: String, streamWorking: Bool?,
                diagnosis: [String], actions: [String], evidence: [Evidence], findings: [Finding],
                checks: [String: QuickCheck], timeline: Timeline, input: InputSummary) {
        self.scenario = scenario; self.candidates = candidates; self.confidence = confidence; self.title = title
        self.streamWorking = streamWorking; self.diagnosis = diagnosis; self.actions = actions
        self.evidence = evidence; self.findings = findings; self.checks = checks; self.timeline = timeline
        self.input = input
    }

    /// The order `renderText` prints the checks in, and the names `doctor --check` accepts.
    public static let checkNames = ["connection", "auth", "order-updates", "fills", "message-types", "unexpected"]

    public func check(named name: String) -> QuickCheck? { checks[name] }

    /// `Scenario 6`; `Scenario 3, 4 or 5` while the evidence leaves several open (the JSON
    /// `scenario` then holds the most likely, with a low confidence); nil with no evidence.
    public var scenarioLabel: String? {
        let open = candidates.count > 1 && (scenario == nil || confidence == .low) ? candidates : scenario.map { [$0] } ?? candidates
        guard let last = open.last else { return nil }
        let names = open.dropLast().map(String.init)
        return "Scenario " + (names.isEmpty ? "\(last)" : names.joined(separator: ", ") + " or \(last)")
    }

    public func finding(_ id: FindingID) -> Finding? { findings.first { $0.id == id } }

    public var findingIDs: [FindingID] { findings.map(\.id) }

    /// 0 when the bot is healthy (scenario 6 and no error finding), 1 when a problem was
    /// found. (The CLI uses 2 for input it cannot read.)
    public var exitCode: Int32 {
        scenario == 6 && !findings.contains { $0.severity == .error } ? 0 : 1
    }

    private enum CodingKeys: String, CodingKey {
        case scenario, candidates, confidence, title, streamWorking, diagnosis, actions, evidence, findings
        case checks, timeline, input
    }

    private enum DerivedKeys: String, CodingKey {
        case exitCode
    }

    /// Written by hand so that `scenario` and `streamWorking` appear as `null` rather than
    /// vanish when nil, and so that the exit code travels with the report.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(title, forKey: .title)
        try c.encode(streamWorking, forKey: .streamWorking)
        try c.encode(diagnosis, forKey: .diagnosis)
        try c.encode(actions, forKey: .actions)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(findings, forKey: .findings)
        try c.encode(checks, forKey: .checks)
        try c.encode(timeline, forKey: .timeline)
        try c.encode(input, forKey: .input)
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encode(exitCode, forKey: .exitCode)
    }

    /// The report as JSON, keys sorted so that two runs over the same log give the same bytes.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Every value is a plain struct of strings and integers: encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}
