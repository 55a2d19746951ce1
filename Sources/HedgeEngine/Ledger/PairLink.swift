import LighterProtocol

/// `quantity` of the fill `offset` (a hedge, or a flatten) covers that much of the fill
/// `exposure` (a maker fill, or whatever fill first left the legs unequal).
public struct PairLink: Sendable, Hashable {
    public var exposure: FillKey
    public var offset: FillKey
    public var quantity: FixedDecimal

    public init(exposure: FillKey, offset: FillKey, quantity: FixedDecimal) {
        self.exposure = exposure
        self.offset = offset
        self.quantity = quantity
    }
}
