/// Everything the engine needs from the ledger to carry on after a restart.
public struct LedgerSnapshot: Sendable {
    /// Every order on both venues.
    public var orders: [LedgerOrder]
    /// In ledger order.
    public var fills: [LedgerFill]
    /// The run's last checkpoint; nil before the engine's first event.
    public var checkpoint: EngineCheckpoint?

    /// A snapshot from its parts; empty by default: a new run.
    public init(orders: [LedgerOrder] = [], fills: [LedgerFill] = [], checkpoint: EngineCheckpoint? = nil) {
        self.orders = orders
        self.fills = fills
        self.checkpoint = checkpoint
    }

    /// Nothing recorded: a new run.
    public var isEmpty: Bool { orders.isEmpty && fills.isEmpty && checkpoint == nil }
}
