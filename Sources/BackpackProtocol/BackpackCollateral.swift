import LighterProtocol

/// `GET /api/v1/capital/collateral`: the margin account's summary.
public struct BackpackCollateral: Sendable, Hashable, Codable {
    /// One collateral asset's line.
    public struct Asset: Sendable, Hashable, Codable {
        /// The market, as `ETH_USDC_PERP`.
        public var symbol: String
        /// The asset's mark price.
        public var assetMarkPrice: FixedDecimal
        /// The asset's total quantity.
        public var totalQuantity: FixedDecimal
        /// The balance in quote.
        public var balanceNotional: FixedDecimal
        /// The weight the asset counts with.
        public var collateralWeight: FixedDecimal
        /// Weighted value.
        public var collateralValue: FixedDecimal
        /// Quantity held by open orders.
        public var openOrderQuantity: FixedDecimal
        /// Quantity lent.
        public var lendQuantity: FixedDecimal
        /// Quantity free to use.
        public var availableQuantity: FixedDecimal

        /// Creates a value from its parts.
        public init(symbol: String, assetMarkPrice: FixedDecimal, totalQuantity: FixedDecimal,
                    balanceNotional: FixedDecimal, collateralWeight: FixedDecimal, collateralValue: FixedDecimal,
                    openOrderQuantity: FixedDecimal, lendQuantity: FixedDecimal, availableQuantity: FixedDecimal) {
            self.symbol = symbol; self.assetMarkPrice = assetMarkPrice; self.totalQuantity = totalQuantity
            self.balanceNotional = balanceNotional; self.collateralWeight = collateralWeight
            self.collateralValue = collateralValue; self.openOrderQuantity = openOrderQuantity
            self.lendQuantity = lendQuantity; self.availableQuantity = availableQuantity
        }
    }

    /// Value of all assets.
    public var assetsValue: FixedDecimal
    /// Borrowed value.
    public var borrowLiability: FixedDecimal
    /// Each collateral asset.
    public var collateral: [Asset]
    /// Initial margin fraction.
    public var imf: FixedDecimal
    /// Maintenance margin fraction.
    public var mmf: FixedDecimal
    /// Absent when there is no exposure.
    public var marginFraction: FixedDecimal?
    /// Equity: assets plus unrealised PnL minus liabilities.
    public var netEquity: FixedDecimal
    /// Equity free for new orders.
    public var netEquityAvailable: FixedDecimal
    /// Equity held as margin.
    public var netEquityLocked: FixedDecimal
    /// Futures exposure in quote.
    public var netExposureFutures: FixedDecimal
    /// Unrealised PnL at the mark.
    public var pnlUnrealized: FixedDecimal
    /// Liabilities in quote.
    public var liabilitiesValue: FixedDecimal
    /// Equity not yet settled.
    public var unsettledEquity: FixedDecimal

    /// Creates a value from its parts.
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
    /// Free to use.
    public var available: FixedDecimal
    /// Held by orders.
    public var locked: FixedDecimal
    /// Staked.
    public var staked: FixedDecimal

    /// Creates a value from its parts.
    public init(available: FixedDecimal, locked: FixedDecimal = .zero, staked: FixedDecimal = .zero) {
        self.available = available; self.locked = locked; self.staked = staked
    }
}
