import Diagnosis
import Foundation
import StreamKit

/// What a live probe shows besides doctor's report, the same for every venue: the steps with
/// their timing, why the connection failed, the error frames and the message counts. Both
/// venues' probes print it and write its JSON the same way, so a script reads either alike.
package struct ProbeOutput: Sendable {
    /// One error frame, its text already cleaned of secrets.
    package struct ServerError: Sendable, Hashable, Encodable {
        /// The frame's code.
        package var code: Int?
        /// Its message.
        package var message: String
        /// An error frame as shown.
        package init(code: Int?, message: String) { self.code = code; self.message = message }
    }

    /// The stream URL probed.
    package var url: String
    /// Each step, timed.
    package var steps: [LiveProbe.Step]
    /// Why the connection failed, when it did.
    package var connectFailure: ConnectFailure?
    /// The HTTP status a refused upgrade came with.
    package var upgradeStatus: Int?
    /// The error frames received.
    package var serverErrors: [ServerError]
    /// Frames seen, by type or stream.
    package var messagesByType: [String: Int]
    /// How long the probe listened.
    package var seconds: Double

    /// The output of one probe.
    package init(url: String, steps: [LiveProbe.Step], connectFailure: ConnectFailure?, upgradeStatus: Int?,
                serverErrors: [ServerError], messagesByType: [String: Int], seconds: Double) {
        self.url = url; self.steps = steps; self.connectFailure = connectFailure; self.upgradeStatus = upgradeStatus
        self.serverErrors = serverErrors; self.messagesByType = messagesByType; self.seconds = seconds
    }

    private struct Extras: Encodable {
        struct Failure: Encodable { var kind: String; var detail: String }
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
    package func jsonData(_ report: DiagnosisReport) -> Data {
        let extras = Extras(
            url: url, steps: steps,
            connectFailure: connectFailure.map { Extras.Failure(kind: $0.kind, detail: $0.detail) },
            upgradeStatus: upgradeStatus, serverErrors: serverErrors,
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
    package func renderText(_ report: DiagnosisReport, color: Bool) -> String {
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
                out.append("  code \(error.code.map(String.init) ?? "(none)"): \(error.message)")
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
