/// Why a fault's text (`name` or `name=N`) was refused: an unknown name, a number for a fault
/// that takes none, or a number that is not a positive whole number.
public struct FaultParseError: Error, Sendable, CustomStringConvertible {
    /// The reason in words, listing the known faults when the name is unknown.
    public var message: String
    /// `message`.
    public var description: String { message }
}
