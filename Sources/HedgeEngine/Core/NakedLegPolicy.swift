/// What the engine does when hedging fails past its budget or the kill switch trips.
public enum NakedLegPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Close the naked leg with an immediate-or-cancel order on the maker venue, then stop.
    case flatten
    /// Stop quoting and alert, naming the exposure; a person decides.
    case stop
}
