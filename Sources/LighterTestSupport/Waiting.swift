/// Waits until `condition` holds, checking every 20 ms, up to `seconds`; throws a
/// `HarnessError` naming `what` when it never does.
public func waitUntil(_ what: String, seconds: Double, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while !condition() {
        guard ContinuousClock.now < deadline else { throw HarnessError("timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
