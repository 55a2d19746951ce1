import LighterProtocol

/// A fill that opened exposure (a maker fill, as a rule) with the fills that offset it.
public struct LedgerPair: Sendable, Hashable {
    /// The ledger's sequence number of the opening fill: the pair's id.
    public var id: Int64
    /// The opening fill.
    public var exposure: LedgerFill
    /// What of the opening fill opened exposure: its counted quantity less what of it offset
    /// older exposure first (all of it for a maker fill while nothing else is open).
    public var opened: FixedDecimal
    /// The fills that offset it (hedges, or a flatten) and how much of each, in ledger order.
    public var offsets: [(fill: LedgerFill, quantity: FixedDecimal)]

    /// What of the opening fill is still not offset.
    public var open: FixedDecimal { opened - offsets.reduce(.zero) { $0 + $1.quantity } }

    /// Written out because the offsets are tuples, which are not `Equatable`: every field compared.
    public static func == (lhs: LedgerPair, rhs: LedgerPair) -> Bool {
        lhs.id == rhs.id && lhs.exposure == rhs.exposure && lhs.opened == rhs.opened
            && lhs.offsets.map(\.fill) == rhs.offsets.map(\.fill) && lhs.offsets.map(\.quantity) == rhs.offsets.map(\.quantity)
    }

    /// The id alone: consistent with `==`, and unique within a ledger.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
