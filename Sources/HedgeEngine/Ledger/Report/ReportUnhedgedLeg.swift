import LighterProtocol

/// Exposure not yet offset: what of an opening fill no hedge covers yet.
public struct ReportUnhedgedLeg: Sendable, Hashable, Codable {
    /// The pair it belongs to.
    public var pairID: Int64
    /// The engine's round, when the engine sent the order.
    public var round: Int?
    /// The opening fill: its side is the naked position's direction.
    public var fill: ReportFill
    /// What is not hedged, unsigned.
    public var quantity: FixedDecimal
}
