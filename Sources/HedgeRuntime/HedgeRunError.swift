/// Why a hedge run could not start or had to end: one line for the operator.
public struct HedgeRunError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
