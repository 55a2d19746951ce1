/// A fill a journal can hold: any venue's, as long as it encodes itself and knows its time.
public protocol JournaledFill: Codable, Sendable, Hashable {
    /// What a venue records of an order that was already partly filled when the history began
    /// (history, not news, when it fills further); `Never` for venues that need none.
    associatedtype Baseline: Codable & Sendable & Hashable = Never
    /// Milliseconds since the epoch: the venue's time when known.
    var timeMs: Int64 { get }
}
