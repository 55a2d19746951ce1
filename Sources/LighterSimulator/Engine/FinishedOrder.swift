import LighterProtocol

/// An order in an account's history, numbered in the order orders finished.
struct FinishedOrder {
    var sequence: Int64
    var orderIndex: Int64
}
