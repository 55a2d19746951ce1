import LighterProtocol

/// A fill that opened exposure (a maker fill, as a rule) with the fills that offset it.
public struct LedgerPair: Sendable, Hashable {
    /// The ledger's sequence number of the opening fill: the pair's id.
    public var id: Int64
    public var exposure: LedgerFill
    public var offsets: [(fill: LedgerFill, quantity: FixedDecimal)]
    /// What of the fill closed earlier exposure (a buy after an unhedged sell) instead of
    /// opening exposure of its own: that part needs no hedge.
    public var netted: FixedDecimal = .zero

    /// What of the opening fill is still not offset.
    public var open: FixedDecimal { exposure.counted - netted - offsets.reduce(.zero) { $0 + $1.quantity } }

    public static func == (lhs: LedgerPair, rhs: LedgerPair) -> Bool {
        lhs.id == rhs.id && lhs.exposure == rhs.exposure && lhs.offsets.map(\.fill) == rhs.offsets.map(\.fill)
            && lhs.offsets.map(\.quantity) == rhs.offsets.map(\.quantity)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
