import BackpackProtocol
import LighterProtocol

/// The exchange's fills against the client's, per trade: what `demo --venue backpack` prints at
/// its end and what the end-to-end tests assert. Exactly once means every trade the exchange
/// made for the account was reported once, and nothing else was.
public struct BackpackFillAudit: Sendable, Hashable {
    /// Quantity per trade, as the exchange made it for the account.
    public let made: [BackpackTradeKey: FixedDecimal]
    /// Reports per trade, as the client's fill events count them.
    public let detected: [BackpackTradeKey: Int]

    /// Compares the exchange's fills for the account with the client's fill events.
    public init(made fills: [BackpackFill], detected events: [BackpackFillEvent]) {
        var made: [BackpackTradeKey: FixedDecimal] = [:]
        for fill in fills { made[BackpackTradeKey(symbol: fill.symbol, tradeID: fill.tradeID), default: .zero] += fill.quantity }
        var detected: [BackpackTradeKey: Int] = [:]
        for event in events { detected[event.key, default: 0] += 1 }
        self.made = made
        self.detected = detected
    }

    /// Trades the exchange made that the client never reported.
    public var missed: [BackpackTradeKey] { made.keys.filter { detected[$0] == nil }.sorted(by: Self.order) }
    /// Trades reported more than once.
    public var doubled: [BackpackTradeKey] { detected.filter { $0.value > 1 }.keys.sorted(by: Self.order) }
    /// Trades reported that the exchange never made for the account.
    public var extra: [BackpackTradeKey] { detected.keys.filter { made[$0] == nil }.sorted(by: Self.order) }

    /// Every fill made was reported once, and nothing else.
    public var exactlyOnce: Bool { missed.isEmpty && doubled.isEmpty && extra.isEmpty }

    /// The total quantity made.
    public var madeQuantity: FixedDecimal { made.values.reduce(.zero, +) }

    private static func order(_ a: BackpackTradeKey, _ b: BackpackTradeKey) -> Bool {
        (a.symbol, a.tradeID) < (b.symbol, b.tradeID)
    }
}
