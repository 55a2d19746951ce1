import LighterProtocol

/// The exchange's fills against the client's, per order: what `demo` prints at its end and
/// what the end-to-end tests assert. Exactly once means the two maps are equal.
public struct FillAudit: Sendable, Hashable {
    /// Base filled per order, as the exchange made it for the account.
    public let made: [Int64: FixedDecimal]
    /// Base reported per order, as the client's fill events add up.
    public let detected: [Int64: FixedDecimal]

    /// Sums, per order of `account`, the base of the exchange's `trades` and of the client's `fills`.
    public init(made trades: [Trade], account: Int64, detected fills: [FillEvent]) {
        var made: [Int64: FixedDecimal] = [:]
        for trade in trades {
            if trade.bidAccountID == account { made[trade.bidID, default: .zero] += trade.size }
            if trade.askAccountID == account { made[trade.askID, default: .zero] += trade.size }
        }
        var detected: [Int64: FixedDecimal] = [:]
        for fill in fills { detected[fill.orderIndex, default: .zero] += fill.size }
        self.made = made
        self.detected = detected
    }

    /// Every fill made was reported, and nothing else.
    public var exactlyOnce: Bool { made == detected }

    /// Orders the client under-reported: (order, made, detected), by order.
    public var missed: [(order: Int64, made: FixedDecimal, detected: FixedDecimal)] {
        made.filter { (detected[$0.key] ?? .zero) < $0.value }.sorted { $0.key < $1.key }
            .map { ($0.key, $0.value, detected[$0.key] ?? .zero) }
    }

    /// Orders the client over-reported (a fill twice, or one the exchange never made).
    public var extra: [(order: Int64, made: FixedDecimal, detected: FixedDecimal)] {
        detected.filter { $0.value > (made[$0.key] ?? .zero) }.sorted { $0.key < $1.key }
            .map { ($0.key, made[$0.key] ?? .zero, $0.value) }
    }
}
