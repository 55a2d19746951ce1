import BackpackClient
import Diagnosis
import Foundation
import StreamKit

/// What `probe --venue backpack` reports, in doctor's shape: the guide's scenario as far as a
/// read-only probe can tell it, findings with doctor's ids, the quick checks, and the probe's
/// own keys (`ProbeOutput`). Backpack's log is not the Lighter guide's, so the verdict comes
/// from the steps rather than from doctor reading the log.
extension BackpackLiveProbe.Result {
    private func stepNamed(_ prefix: String) -> LiveProbe.Step? { steps.first { $0.name.hasPrefix(prefix) } }

    /// The probe's verdict.
    package func diagnosis() -> DiagnosisReport {
        let command = "lighter-hedge probe --venue backpack --symbol \(symbol)"
        var findings: [Finding] = []
        var diagnosis: [String] = []
        var actions: [String] = []
        let connect = stepNamed("connect")
        let depth = stepNamed("subscribe depth.")
        let seeded = stepNamed("depth book seeded")
        let signed = stepNamed("signed subscribe")
        let restRead = stepNamed("signed REST read")
        let connected = connect?.outcome == "ok"
        let bookOK = depth?.outcome == "ok" && seeded?.outcome == "ok"
        let authFailed = signed?.outcome == "failed" || restRead?.outcome == "failed"
        for error in serverErrors {
            findings.append(Finding(id: .serverError, severity: .warning, message: "Error frame \(error.code): \(BackpackLog.clean(error.message, limit: 300))",
                                    count: 1, code: error.code))
        }
        let scenario: Int?
        var candidates: [Int]
        let confidence: Confidence
        let title: String
        let streamWorking: Bool?
        if !connected {
            let failure = connectFailure
            scenario = 1; candidates = [1]; confidence = .high; streamWorking = false
            title = "Cannot connect to the Backpack websocket" + (failure.map { " (\($0.kind))" } ?? "")
            findings.insert(Finding(id: .connectFailed, severity: .error, message: failure?.detail ?? connect?.detail ?? "not connected",
                                    count: 1, kind: failure?.kind ?? "other"), at: 0)
            diagnosis.append("The connection to \(url) failed: \(failure?.description ?? connect?.detail ?? "no answer").")
            actions.append("Check the URL (the venue's is wss://ws.backpack.exchange), the network and any proxy; probe again.")
        } else if !bookOK {
            scenario = 2; candidates = [2]; confidence = .high; streamWorking = false
            title = "Connected, but the depth stream of \(symbol) gave no usable book"
            findings.insert(Finding(id: .subscriptionUnconfirmed, severity: .error,
                                    message: depth?.outcome == "ok" ? (seeded?.detail ?? "no snapshot lined up") : (depth?.detail ?? "no depth data"),
                                    count: 1), at: 0)
            diagnosis.append("The socket opened, but \(depth?.outcome == "ok" ? "no REST snapshot lined up with the depth updates" : "no depth data arrived").")
            actions.append("Check the symbol against GET /api/v1/markets: the venue answers an unknown or closed market with silence.")
        } else if authFailed {
            scenario = 3; candidates = [3]; confidence = .high; streamWorking = false
            title = "The market works; the account's signed requests are refused"
            let detail = [signed, restRead].compactMap { $0 }.filter { $0.outcome == "failed" }.compactMap(\.detail).joined(separator: "; ")
            findings.insert(Finding(id: .authRejected, severity: .error, message: detail, count: 1, code: serverErrors.first?.code), at: 0)
            diagnosis.append("The signed subscribe or the signed REST read was refused: \(detail).")
            actions.append("Check BACKPACK_SECRET_KEY and BACKPACK_PUBLIC_KEY (lighter-hedge keys package --venue backpack prints the key in use), and the machine's clock.")
        } else if account == nil {
            scenario = nil; candidates = [3, 4, 5, 6]; confidence = .low; streamWorking = nil
            title = "The connection and the depth stream work; no account was probed"
            diagnosis.append("Connected; the depth book was seeded from a snapshot and kept continuous; the book ticker flowed.")
            diagnosis.append("The account streams (scenarios 3-6) were not tried: no key was given.")
            actions.append("Run probe again with BACKPACK_SECRET_KEY set (or --key-file) to check them.")
        } else if orderActivity == 0 {
            scenario = nil; candidates = [4, 5, 6]; confidence = .low; streamWorking = true
            title = "Checklist passed up to the signed subscribe; no order activity to check fills with"
            diagnosis.append("Connected, the book was seeded, and the signed subscribe and a signed REST read were taken.")
            diagnosis.append("Scenarios 5 and 6 need orders: run `lighter-hedge watch --venue backpack` while the bot trades.")
            actions.append("Run `lighter-hedge watch --venue backpack --symbol \(symbol)` beside the bot.")
        } else {
            scenario = 6; candidates = [6]; confidence = .medium; streamWorking = true
            title = "Healthy: the book, the signed subscribe and the account's order updates all work"
            diagnosis.append("Order or position updates arrived for the account during the probe (\(orderActivity)).")
        }
        if let dropped = steps.first(where: { $0.name == "stay connected" && $0.outcome == "failed" }) {
            diagnosis.insert("Stay connected failed: \(dropped.detail ?? "the connection closed"). A bot on this endpoint reconnects, "
                + "and misses every fill made meanwhile unless it reconciles over REST.", at: 0)
            findings.append(Finding(id: .reconnectStorm, severity: .warning, message: dropped.detail ?? "the connection closed", count: 1))
        }
        func check(_ name: String, _ title: String, _ status: CheckStatus, _ summary: String, _ counts: [String: Int] = [:]) -> QuickCheck {
            QuickCheck(name: name, title: title, command: command, status: status, summary: summary, counts: counts)
        }
        let orderCount = messagesByType.filter { $0.key.hasPrefix("account.") }.values.reduce(0, +)
        let checks = [
            check("connection", "Connection health", connected && bookOK ? .ok : .problem,
                  connected ? (bookOK ? "Connected; the depth book was seeded and kept continuous." : "Connected, but no usable depth book.")
                            : "No connection."),
            check("auth", "Signed requests", account == nil ? .unknown : (authFailed ? .problem : .ok),
                  account == nil ? "Not probed: no key was given." : (authFailed ? "A signed request was refused." : "The signed subscribe and a signed REST read were taken.")),
            check("order-updates", "Order updates", orderCount > 0 ? .ok : .unknown,
                  orderCount > 0 ? "\(orderCount) account updates arrived." : "No order activity during the probe: nothing to update.",
                  ["account updates": orderCount]),
            check("fills", "Fills", .unknown, "A probe places no orders; `watch --venue backpack` reports fills exactly once."),
            check("message-types", "Message types", messagesByType.isEmpty ? .problem : .ok,
                  messagesByType.isEmpty ? "No frames." : "\(messagesByType.count) kinds of frames.", messagesByType),
            check("unexpected", "Unexpected message types", serverErrors.isEmpty ? .ok : .attention,
                  serverErrors.isEmpty ? "No error frames." : "\(serverErrors.count) error frames.", ["error frames": serverErrors.count]),
        ]
        if scenario == nil { candidates = candidates.isEmpty ? [6] : candidates }
        return DiagnosisReport(scenario: scenario, candidates: candidates, confidence: confidence, title: title,
                               streamWorking: streamWorking, diagnosis: diagnosis, actions: actions, evidence: [],
                               findings: findings, checks: Dictionary(uniqueKeysWithValues: checks.map { ($0.name, $0) }),
                               timeline: Timeline(), input: InputSummary(files: ["probe"]))
    }

    /// 0 when every step passed and nothing wrong was found, 1 otherwise.
    package func exitCode(_ report: DiagnosisReport) -> Int32 {
        let failed = connectFailure != nil || steps.contains { $0.outcome != "ok" }
        return failed || report.findings.contains { $0.severity == .error } ? 1 : 0
    }

    /// What this probe shows besides the report.
    package var output: ProbeOutput {
        ProbeOutput(url: url, steps: steps, connectFailure: connectFailure, upgradeStatus: upgradeStatus,
                    serverErrors: serverErrors.map { ProbeOutput.ServerError(code: $0.code, message: BackpackLog.clean($0.message, limit: 300)) },
                    messagesByType: messagesByType, seconds: seconds)
    }
}
