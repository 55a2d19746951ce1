/// Why a hedge run could not start or had to end: one line for the operator.
public struct HedgeRunError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in one line for the operator.
    public var description: String
    /// An error that says `description`.
    public init(_ description: String) { self.description = description }
}
