/// Counts per time bucket, for a chart, and the rare events at their own moment. The buckets
/// are 60-120 across the log's span, of a round width (1, 2, 3, 5 … seconds, minutes, hours);
/// only those holding a line are listed.
public struct Timeline: Codable, Sendable, Hashable {
    /// The counts of one bucket of `Timeline.bucketSeconds`.
    public struct Bucket: Codable, Sendable, Hashable {
        /// `2025-12-22 14:03:05`, as the log wrote it (no time zone conversion).
        public var start: String
        /// Seconds since 1970 of `start`, read as written.
        public var startSecond: Int
        /// Lines written in the bucket.
        public var lines: Int
        /// Received frames by type (from `Received message type:` lines).
        public var messages: [String: Int]
        /// Connections lost and made again.
        public var reconnects: Int
        /// Subscriptions confirmed by the server.
        public var subscriptions: Int
        /// Account subscriptions requested (the request, not the answer).
        public var subscriptionsSent: Int
        /// Subscriptions refused (an error frame) or never confirmed.
        public var subscriptionFailures: Int
        /// Fills detected (`Order FILLED`, or the Python bot's processed fills in a log without those).
        public var fills: Int
        /// Lines behind a finding.
        public var findings: Int
        /// Health lines (`Health: msgs/s {…}`) written in the bucket.
        public var healthLines: Int
        /// Messages per second by type, the mean of the bucket's health lines (each measures the
        /// time since the one before).
        public var healthRates: [String: Double]

        /// A bucket as given; counts left out are zero.
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
        /// The line that made the mark.
        public var evidence: Evidence

        /// A mark as given.
        public init(kind: String, time: String, millisecond: Int, count: Int = 1, detail: String? = nil, evidence: Evidence) {
            self.kind = kind; self.time = time; self.millisecond = millisecond; self.count = count
            self.detail = detail; self.evidence = evidence
        }
    }

    /// The width of every bucket, in seconds: a round one giving 60-120 across the span.
    public var bucketSeconds: Int
    /// The first timestamp, in seconds since 1970 as written; nil for a log without one.
    public var firstSecond: Int?
    /// The last timestamp, in seconds since 1970 as written; nil for a log without one.
    public var lastSecond: Int?
    /// The buckets that hold a line, in time order.
    public var buckets: [Bucket]
    /// The rare events at their own moment, in time order; at most a bounded number.
    public var marks: [Mark]
    /// Timed events by kind, all of them (marks past the first stand for several).
    public var events: [String: Int]
    /// Lines without a timestamp (console format, tracebacks).
    public var untimedLines: Int

    /// A timeline as given (an empty one by default: a log without timestamps).
    public init(bucketSeconds: Int = 1, firstSecond: Int? = nil, lastSecond: Int? = nil, buckets: [Bucket] = [],
                marks: [Mark] = [], untimedLines: Int = 0, events: [String: Int] = [:]) {
        self.bucketSeconds = bucketSeconds; self.firstSecond = firstSecond; self.lastSecond = lastSecond
        self.buckets = buckets; self.marks = marks; self.untimedLines = untimedLines; self.events = events
    }
}
