import LighterProtocol

/// `quantity` of the fill `offset` (a hedge, or a flatten) covers that much of the fill
/// `exposure` (a maker fill, or whatever fill first left the legs unequal).
public struct PairLink: Sendable, Hashable {
    /// The fill whose exposure is covered.
    public var exposure: FillKey
    /// The fill that covers it.
    public var offset: FillKey
    /// How much of `exposure` it covers: base asset, positive.
    public var quantity: FixedDecimal

    /// A link as the engine writes it.
    public init(exposure: FillKey, offset: FillKey, quantity: FixedDecimal) {
        self.exposure = exposure
        self.offset = offset
        self.quantity = quantity
    }
}
