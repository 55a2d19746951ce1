/// An order as Lighter sends it on `account_orders`, `account_all_orders` and REST.
/// Fields the venue may omit are optional; amounts are exact.
public struct Order: Sendable, Hashable {
    /// The venue's order index (>= 2^48), unique per order.
    public var orderIndex: Int64
    /// The index the placer chose (< 2^48); 0 when none was given.
    public var clientOrderIndex: Int64
    /// The order's market.
    public var marketIndex: Int
    /// The account that placed the order.
    public var ownerAccountIndex: Int64
    /// The size when placed.
    public var initialBaseAmount: FixedDecimal
    /// The limit price (for a market order, the worst acceptable one).
    public var price: FixedDecimal
    /// The nonce of the transaction that placed the order.
    public var nonce: Int64
    /// The size still resting (0 once filled or canceled).
    public var remainingBaseAmount: FixedDecimal
    /// True for a sell.
    public var isAsk: Bool
    /// `initialBaseAmount` as an integer in lots (the transaction's `BaseAmount`).
    public var baseSize: Int64
    /// `price` as an integer in ticks (the transaction's `Price`).
    public var basePrice: Int64
    /// Cumulative: the base amount filled so far.
    public var filledBaseAmount: FixedDecimal
    /// Cumulative: the quote amount filled so far (average price = quote / base).
    public var filledQuoteAmount: FixedDecimal
    /// `buy` or `sell`, when the venue sends it (empty otherwise; `isAsk` is authoritative).
    public var side: String
    /// `limit`, `market` or a trigger kind, as the venue spells it.
    public var type: String
    /// `good-till-time`, `immediate-or-cancel` or `post-only`, as the venue spells it.
    public var timeInForce: String
    /// True when the order may only shrink the position.
    public var reduceOnly: Bool
    /// The trigger price of a trigger order; zero otherwise.
    public var triggerPrice: FixedDecimal
    /// When a resting order expires, in ms since the epoch; 0 for none.
    public var orderExpiry: Int64
    /// Where the order is in its life; `isFinal` says whether fills can still come.
    public var status: OrderStatus
    /// The trigger's state as the venue spells it (`na` for an order without one).
    public var triggerStatus: String
    /// When the trigger fired, as the venue sends it; 0 when it has not.
    public var triggerTime: Int64
    /// The parent order of a child (e.g. OCO) order; 0 otherwise.
    public var parentOrderIndex: Int64
    /// The block the order's last change was in, when sent.
    public var blockHeight: Int64?
    /// As sent: seconds in older frames, milliseconds in newer ones. See `timestampMilliseconds`.
    public var timestamp: Int64?
    /// When the order was created, seconds or milliseconds as for `timestamp`.
    public var createdAt: Int64?
    /// When the order last changed, seconds or milliseconds as for `timestamp`.
    public var updatedAt: Int64?
    /// Microseconds.
    public var transactionTime: Int64?
    /// The venue's version counter of the order, when sent: it grows with each change.
    public var orderVersion: Int64?

    /// Every field as documented on its property; the defaults are what the venue sends for a
    /// plain limit order.
    public init(orderIndex: Int64, clientOrderIndex: Int64 = 0, marketIndex: Int, ownerAccountIndex: Int64,
                initialBaseAmount: FixedDecimal, price: FixedDecimal, nonce: Int64 = 0,
                remainingBaseAmount: FixedDecimal, isAsk: Bool, baseSize: Int64 = 0, basePrice: Int64 = 0,
                filledBaseAmount: FixedDecimal = .zero, filledQuoteAmount: FixedDecimal = .zero,
                side: String = "", type: String = "limit", timeInForce: String = "good-till-time",
                reduceOnly: Bool = false, triggerPrice: FixedDecimal = .zero, orderExpiry: Int64 = 0,
                status: OrderStatus, triggerStatus: String = "na", triggerTime: Int64 = 0,
                parentOrderIndex: Int64 = 0, blockHeight: Int64? = nil, timestamp: Int64? = nil,
                createdAt: Int64? = nil, updatedAt: Int64? = nil, transactionTime: Int64? = nil,
                orderVersion: Int64? = nil) {
        self.orderIndex = orderIndex; self.clientOrderIndex = clientOrderIndex; self.marketIndex = marketIndex
        self.ownerAccountIndex = ownerAccountIndex; self.initialBaseAmount = initialBaseAmount; self.price = price
        self.nonce = nonce; self.remainingBaseAmount = remainingBaseAmount; self.isAsk = isAsk
        self.baseSize = baseSize; self.basePrice = basePrice; self.filledBaseAmount = filledBaseAmount
        self.filledQuoteAmount = filledQuoteAmount; self.side = side; self.type = type
        self.timeInForce = timeInForce; self.reduceOnly = reduceOnly; self.triggerPrice = triggerPrice
        self.orderExpiry = orderExpiry; self.status = status; self.triggerStatus = triggerStatus
        self.triggerTime = triggerTime; self.parentOrderIndex = parentOrderIndex; self.blockHeight = blockHeight
        self.timestamp = timestamp; self.createdAt = createdAt; self.updatedAt = updatedAt
        self.transactionTime = transactionTime; self.orderVersion = orderVersion
    }

    /// The order's time in milliseconds: `updated_at`, else `timestamp`, normalised from seconds.
    public var timestampMilliseconds: Int64? {
        (updatedAt ?? timestamp).map(Timestamps.milliseconds)
    }

    /// Average fill price, when anything has filled.
    public var averageFillPrice: FixedDecimal? {
        filledBaseAmount.isZero ? nil : filledQuoteAmount.divided(by: filledBaseAmount)
    }
}
