import BackpackClient
import LighterClient

/// Demos last seconds, not hours: short reconnect delays, reconciliation periods and graces,
/// so that a client catches up with a fault's effects before the demo ends.
extension StreamClientConfiguration {
    mutating func tuneForShortRuns() {
        healthInterval = .seconds(10)
        backoffMax = .seconds(2)
        reconcile.activeInterval = .seconds(1)
        reconcile.streamGrace = .seconds(1)
        blindness.after = .seconds(3)
    }
}

extension BackpackClientConfiguration {
    mutating func tuneForShortRuns() {
        healthInterval = .seconds(10)
        backoffMax = .seconds(2)
        confirmTimeout = .seconds(2)
        reconcile.activeInterval = .seconds(1)
        reconcile.streamGrace = .seconds(1)
        blindness.after = .seconds(3)
    }
}
