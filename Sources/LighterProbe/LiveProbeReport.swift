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
    public func diagnosis() -> DiagnosisReport {
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

    public var allStepsPassed: Bool { !steps.isEmpty && steps.allSatisfy { $0.outcome == "ok" } }

    /// Account order and trade updates seen (not the subscription answers).
    public var orderActivity: Int {
        (messagesByType["update/account_orders"] ?? 0) + (messagesByType["update/account_all_trades"] ?? 0)
    }

    /// 0 when every step passed and the diagnosis found nothing wrong, 1 otherwise.
    public func exitCode(_ report: DiagnosisReport) -> Int32 {
        let failed = connectFailure != nil || steps.contains { $0.outcome != "ok" }
        return failed || (report.scenario != nil && report.exitCode != 0) ? 1 : 0
    }

    private struct Extras: Encodable {
        struct Failure: Encodable { var kind: String; var detail: String }
        struct ServerError: Encodable { var code: Int?; var message: String }
        var url: String
        var steps: [LiveProbe.Step]
        var connectFailure: Failure?
        var upgradeStatus: Int?
        var serverErrors: [ServerError]
        var messagesByType: [String: Int]
        var seconds: Double

        func encode(to encoder: any Encoder) throws {
            // Written out so that absent values read `null`, as doctor's do.
            enum Keys: String, CodingKey { case url, steps, connectFailure, upgradeStatus, serverErrors, messagesByType, seconds }
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(url, forKey: .url)
            try c.encode(steps, forKey: .steps)
            try c.encode(connectFailure, forKey: .connectFailure)
            try c.encode(upgradeStatus, forKey: .upgradeStatus)
            try c.encode(serverErrors, forKey: .serverErrors)
            try c.encode(messagesByType, forKey: .messagesByType)
            try c.encode(seconds, forKey: .seconds)
        }
    }

    /// doctor's JSON with the probe's own keys added: `url`, `steps`, `connectFailure`,
    /// `upgradeStatus`, `serverErrors`, `messagesByType`, `seconds`.
    public func jsonData(_ report: DiagnosisReport) -> Data {
        let extras = Extras(
            url: url, steps: steps,
            connectFailure: connectFailure.map { Extras.Failure(kind: $0.kind, detail: $0.detail) },
            upgradeStatus: upgradeStatus,
            serverErrors: serverErrors.map { Extras.ServerError(code: $0.code, message: LogRedaction.redact($0.message)) },
            messagesByType: messagesByType, seconds: (seconds * 1000).rounded() / 1000)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let extraData = try? encoder.encode(extras),
              var object = try? JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any],
              let extraObject = try? JSONSerialization.jsonObject(with: extraData) as? [String: Any] else {
            return report.jsonData()
        }
        object.merge(extraObject) { _, probe in probe }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? report.jsonData()
    }

    /// The steps with their timing, the failure, error frames and message rates, then doctor's report.
    public func renderText(_ report: DiagnosisReport, color: Bool) -> String {
        var out = ["Steps:"]
        for step in steps {
            let at = step.atMs.map { String(format: "%6.3f s", Double($0) / 1000) } ?? "      - "
            out.append("  \(at)  \(step.outcome.padding(toLength: 11, withPad: " ", startingAt: 0)) \(step.name)\(step.detail.map { ": \($0)" } ?? "")")
        }
        if let failure = connectFailure {
            out.append("Connection failed (\(failure.kind)): \(failure.detail)")
        }
        if !serverErrors.isEmpty {
            out.append("Error frames:")
            for error in serverErrors.prefix(10) {
                out.append("  code \(error.code.map(String.init) ?? "(none)"): \(LogRedaction.redact(error.message))")
            }
            if serverErrors.count > 10 { out.append("  … and \(serverErrors.count - 10) more") }
        }
        if !messagesByType.isEmpty {
            let rates = messagesByType.sorted { $0.key < $1.key }
                .map { "\($0.key) \(String(format: "%.1f", Double($0.value) / max(seconds, 0.001)))/s" }
            out.append("Messages: " + rates.joined(separator: ", "))
        }
        out.append("")
        out.append(report.renderText(color: color))
        return out.joined(separator: "\n")
    }
}
