/// Everything the engine needs from the ledger to carry on after a restart.
public struct LedgerSnapshot: Sendable {
    public var orders: [LedgerOrder]
    /// In ledger order.
    public var fills: [LedgerFill]
    public var checkpoint: EngineCheckpoint?

    public init(orders: [LedgerOrder] = [], fills: [LedgerFill] = [], checkpoint: EngineCheckpoint? = nil) {
        self.orders = orders
        self.fills = fills
        self.checkpoint = checkpoint
    }

    /// Nothing recorded: a new run.
    public var isEmpty: Bool { orders.isEmpty && fills.isEmpty && checkpoint == nil }
}
