import Synchronization

/// The faults in force, readable from any task; changed by flags at start and by the
/// control endpoint at run time.
public final class FaultSwitchboard: Sendable {
    private let active: Mutex<[Fault: Int]>

    /// A switchboard with `initial` faults (fault → its number) in force.
    public init(_ initial: [Fault: Int] = [:]) { active = Mutex(initial) }

    /// Turns `fault` on with `parameter`, or its default number when nil; replaces an earlier number.
    public func set(_ fault: Fault, parameter: Int? = nil) {
        active.withLock { $0[fault] = parameter ?? fault.defaultParameter }
    }

    /// Turns `fault` off.
    public func clear(_ fault: Fault) { _ = active.withLock { $0.removeValue(forKey: fault) } }
    /// Turns every fault off.
    public func clearAll() { active.withLock { $0.removeAll() } }

    /// The fault's number when it is active, else nil.
    public func parameter(_ fault: Fault) -> Int? { active.withLock { $0[fault] } }
    /// True while `fault` is on.
    public func isActive(_ fault: Fault) -> Bool { parameter(fault) != nil }
    /// The faults in force with their numbers, as one consistent copy.
    public var snapshot: [Fault: Int] { active.withLock { $0 } }
}
