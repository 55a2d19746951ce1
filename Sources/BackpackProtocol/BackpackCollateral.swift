import LighterProtocol

/// `GET /api/v1/capital/collateral`: the margin account's summary.
public struct BackpackCollateral: Sendable, Hashable, Codable {
    /// One collateral asset's line.
    public struct Asset: Sendable, Hashable, Codable {
        public var symbol: String
        public var assetMarkPrice: FixedDecimal
        public var totalQuantity: FixedDecimal
        public var balanceNotional: FixedDecimal
        public var collateralWeight: FixedDecimal
        public var collateralValue: FixedDecimal
        public var openOrderQuantity: FixedDecimal
        public var lendQuantity: FixedDecimal
        public var availableQuantity: FixedDecimal

        public init(symbol: String, assetMarkPrice: FixedDecimal, totalQuantity: FixedDecimal,
                    balanceNotional: FixedDecimal, collateralWeight: FixedDecimal, collateralValue: FixedDecimal,
                    openOrderQuantity: FixedDecimal, lendQuantity: FixedDecimal, availableQuantity: FixedDecimal) {
            self.symbol = symbol; self.assetMarkPrice = assetMarkPrice; self.totalQuantity = totalQuantity
            self.balanceNotional = balanceNotional; self.collateralWeight = collateralWeight
            self.collateralValue = collateralValue; self.openOrderQuantity = openOrderQuantity
            self.lendQuantity = lendQuantity; self.availableQuantity = availableQuantity
        }
    }

    public var assetsValue: FixedDecimal
    public var borrowLiability: FixedDecimal
    public var collateral: [Asset]
    public var imf: FixedDecimal
    public var mmf: FixedDecimal
    /// Absent when there is no exposure.
    public var marginFraction: FixedDecimal?
    public var netEquity: FixedDecimal
    public var netEquityAvailable: FixedDecimal
    public var netEquityLocked: FixedDecimal
    public var netExposureFutures: FixedDecimal
    public var pnlUnrealized: FixedDecimal
    public var liabilitiesValue: FixedDecimal
    public var unsettledEquity: FixedDecimal

    public init(assetsValue: FixedDecimal, borrowLiability: FixedDecimal, collateral: [Asset], imf: FixedDecimal,
                mmf: FixedDecimal, marginFraction: FixedDecimal?, netEquity: FixedDecimal, netEquityAvailable: FixedDecimal,
                netEquityLocked: FixedDecimal, netExposureFutures: FixedDecimal, pnlUnrealized: FixedDecimal,
                liabilitiesValue: FixedDecimal, unsettledEquity: FixedDecimal) {
        self.assetsValue = assetsValue; self.borrowLiability = borrowLiability; self.collateral = collateral
        self.imf = imf; self.mmf = mmf; self.marginFraction = marginFraction; self.netEquity = netEquity
        self.netEquityAvailable = netEquityAvailable; self.netEquityLocked = netEquityLocked
        self.netExposureFutures = netExposureFutures; self.pnlUnrealized = pnlUnrealized
        self.liabilitiesValue = liabilitiesValue; self.unsettledEquity = unsettledEquity
    }
}

/// One asset of `GET /api/v1/capital` (a map from asset symbol to this).
public struct BackpackBalance: Sendable, Hashable, Codable {
    public var available: FixedDecimal
    public var locked: FixedDecimal
    public var staked: FixedDecimal

    public init(available: FixedDecimal, locked: FixedDecimal = .zero, staked: FixedDecimal = .zero) {
        self.available = available; self.locked = locked; self.staked = staked
    }
}
