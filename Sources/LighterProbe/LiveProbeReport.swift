import Diagnosis
import Foundation
import LighterClient
import LighterProtocol

/// What `probe` reports: doctor's diagnosis of the probe's own debug log, the steps, and what a
/// read-only probe can and cannot tell.
extension LiveProbe.Result {
    /// The probe's verdict. A probe places no orders: with every step passed and no order
    /// activity, scenarios 4-6 cannot be told apart (3-6 when no account was given), and that
    /// is not a fault, so the report says how far the checklist got instead of naming one.
    package func diagnosis() -> DiagnosisReport {
        var diagnoser = LogDiagnoser(options: DiagnosisOptions(expectedMarket: market, endpoint: endpoint))
        for (index, line) in logLines.enumerated() {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBufferPointer { diagnoser.feed(line: UnsafeBufferPointer($0), file: "probe", lineNumber: index + 1) }
        }
        diagnoser.endOfFile("probe")
        var report = diagnoser.finish()
        if let dropped = steps.first(where: { $0.name == "stay connected" && $0.outcome == "failed" }) {
            // The log shows a working stream up to the close; the close is what matters.
            report.title += "; but the connection did not last"
            report.diagnosis.insert("Stay connected failed: \(dropped.detail ?? "the connection closed"). A bot on this "
                + "endpoint reconnects, and misses every fill made meanwhile unless it reconciles over REST.", at: 0)
            report.actions.insert("Probe again with a longer --seconds: a close at the same age each time is the server's "
                + "(or a proxy's) connection limit; at random, the network.", at: 0)
        }
        guard allStepsPassed, !report.findings.contains(where: { $0.severity == .error }) else { return report }
        // A check of what the probe did not try is not a problem: say why it is unknown.
        func notProbed(_ names: [String], _ why: String) {
            for name in names {
                guard var check = report.checks[name], check.status != .ok else { continue }
                check.status = .unknown
                check.summary = why
                report.checks[name] = check
            }
        }
        if account == nil {
            report.scenario = nil
            report.candidates = [3, 4, 5, 6]
            report.confidence = .low
            report.streamWorking = nil
            if var connection = report.checks["connection"] {
                connection.status = .ok
                connection.summary = "The order book subscription was confirmed; no account was probed."
                report.checks["connection"] = connection
            }
            notProbed(["auth", "order-updates", "fills"], "Not probed: no --account was given.")
            report.title = "The connection and the order book work; no account was probed"
            report.diagnosis = ["Connected, got `connected`, and the order book subscription was confirmed.",
                                "The account subscriptions (scenarios 3-6) were not tried: no account was given."]
            report.actions = ["Run probe again with `--account N` and `--key-file` (or `--auth-token`) to check them."]
        } else if orderActivity == 0 {
            report.scenario = nil
            report.candidates = [4, 5, 6]
            report.confidence = .low
            report.streamWorking = true
            notProbed(["order-updates", "fills"], "No order activity during the probe: nothing to update or fill.")
            report.title = "Checklist passed up to the account subscriptions; no order activity to check fills with"
            report.diagnosis = ["Connected, got `connected`, and every subscription was confirmed.",
                                "Scenarios 5 and 6 need orders: place one (or run watch while the bot trades) to see fills arrive."]
            report.actions = ["Run `lighter-hedge watch` beside the bot, then `lighter-hedge doctor` on its log."]
        }
        return report
    }

    /// True when there were steps and every one went `ok`.
    package var allStepsPassed: Bool { !steps.isEmpty && steps.allSatisfy { $0.outcome == "ok" } }

    /// Account order and trade updates seen (not the subscription answers).
    package var orderActivity: Int {
        (messagesByType["update/account_orders"] ?? 0) + (messagesByType["update/account_all_trades"] ?? 0)
    }

    /// 0 when every step passed and the diagnosis found nothing wrong, 1 otherwise.
    package func exitCode(_ report: DiagnosisReport) -> Int32 {
        let failed = connectFailure != nil || steps.contains { $0.outcome != "ok" }
        return failed || (report.scenario != nil && report.exitCode != 0) ? 1 : 0
    }

    /// What this probe shows besides doctor's report.
    package var output: ProbeOutput {
        ProbeOutput(url: url, steps: steps, connectFailure: connectFailure, upgradeStatus: upgradeStatus,
                    serverErrors: serverErrors.map { ProbeOutput.ServerError(code: $0.code, message: LogRedaction.redact($0.message)) },
                    messagesByType: messagesByType, seconds: seconds)
    }

    /// doctor's JSON with the probe's own keys added (see `ProbeOutput.jsonData`).
    package func jsonData(_ report: DiagnosisReport) -> Data { output.jsonData(report) }

    /// The steps with their timing, the failure, error frames and message rates, then doctor's report.
    package func renderText(_ report: DiagnosisReport, color: Bool) -> String { output.renderText(report, color: color) }
}
