/// How much a diagnosis keeps and what it knows beyond the log. The defaults suit `doctor`;
/// every limit bounds memory, never what is counted.
public struct DiagnosisOptions: Sendable, Hashable {
    /// Evidence lines kept per finding and per sign (the rest are counted).
    public var evidencePerFinding: Int
    /// Only this much of a line is examined.
    public var maxLineBytes: Int
    /// Evidence text is cut to this many bytes.
    public var evidenceTextBytes: Int
    /// The timeline keeps at most this many buckets, widening them as needed; 600 or more let
    /// the report regroup them into 60-120 of a round width.
    public var maxTimelineBuckets: Int
    /// The perpetual market the bot should hedge on, when known; otherwise the log's own
    /// configuration lines decide.
    public var expectedMarket: Int?
    /// The endpoint the bot connects to, when known (probe knows it); the next steps for a
    /// failed connection name its host. Otherwise they name Lighter's mainnet.
    public var endpoint: StreamEndpoint?

    /// Options with the defaults `doctor` uses. Out-of-range limits are raised to a floor (one
    /// evidence line, 256-byte lines, 40-byte evidence text, two buckets) rather than refused.
    public init(evidencePerFinding: Int = 5, maxLineBytes: Int = 64 * 1024, evidenceTextBytes: Int = 320,
                maxTimelineBuckets: Int = 720, expectedMarket: Int? = nil, endpoint: StreamEndpoint? = nil) {
        self.evidencePerFinding = max(1, evidencePerFinding)
        self.maxLineBytes = max(256, maxLineBytes)
        self.evidenceTextBytes = max(40, evidenceTextBytes)
        self.maxTimelineBuckets = max(2, maxTimelineBuckets)
        self.expectedMarket = expectedMarket
        self.endpoint = endpoint
    }
}
