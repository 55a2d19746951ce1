import BackpackClient
import LighterClient

/// Demos last seconds, not hours: short reconnect delays, reconciliation periods and graces,
/// so that a client catches up with a fault's effects before the demo ends.
extension StreamClientConfiguration {
    mutating func tuneForShortRuns() {
        healthInterval = .seconds(10)
        backoffMax = .seconds(2)
        reconcileActiveInterval = .seconds(1)
        streamGrace = .seconds(1)
        blindAfter = .seconds(3)
    }
}

extension BackpackClientConfiguration {
    mutating func tuneForShortRuns() {
        healthInterval = .seconds(10)
        backoffMax = .seconds(2)
        confirmTimeout = .seconds(2)
        reconcileActiveInterval = .seconds(1)
        streamGrace = .seconds(1)
        blindAfter = .seconds(3)
    }
}
