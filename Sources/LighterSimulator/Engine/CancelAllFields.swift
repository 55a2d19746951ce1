import LighterProtocol

/// tx type 16: `TimeInForce` 0 cancels now (`Time` 0), 1 schedules a cancel of everything at
/// `Time` (a dead-man switch, 5 minutes to 15 days ahead), 2 aborts the scheduled one.
struct CancelAllFields: Decodable {
    var timeInForce: Int64
    var time: Int64

    enum CodingKeys: String, CodingKey { case timeInForce = "TimeInForce", time = "Time" }
}
