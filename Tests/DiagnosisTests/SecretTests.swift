import Foundation
import LighterProtocol
import Testing
@testable import Diagnosis

@Suite struct SecretTests {
    /// The hex runs of a fixture that no report may echo.
    private func secrets(in fixture: String) throws -> [String] {
        let text = String(decoding: try Fixtures.data(fixture), as: UTF8.self)
        var runs: [String] = []
        var current = ""
        for c in text {
            if c.isHexDigit {
                current.append(c)
            } else {
                if current.count >= 80 { runs.append(current) }
                current = ""
            }
        }
        if current.count >= 80 { runs.append(current) }
        return runs
    }

    @Test(arguments: ["python-fk-secret-token.mojibake.log", "python-secret-key.console.log"])
    func secretsAreFoundAndNeverEchoed(_ fixture: String) throws {
        let report = try Fixtures.report(fixture)
        let finding = try #require(report.finding(.secretInLog))
        #expect(finding.severity == .error)
        #expect(finding.evidence.allSatisfy { $0.text.contains("<redacted>") })
        let runs = try secrets(in: fixture)
        #expect(!runs.isEmpty)
        let json = String(decoding: report.jsonData(), as: UTF8.self)
        let text = report.renderText(color: false)
        for run in runs {
            // Not even a long piece of it.
            let piece = String(run.prefix(40))
            #expect(!json.contains(piece))
            #expect(!text.contains(piece))
            for check in report.checks.values { #expect(!check.lines.contains { $0.text.contains(piece) }) }
        }
    }

    @Test func tokenKeepsItsHarmlessParts() throws {
        let finding = try #require(try Fixtures.report("python-fk-secret-token.mojibake.log").finding(.secretInLog))
        // `deadline:account:key:<redacted>`: the parts that help diagnosis stay.
        #expect(finding.evidence.contains { $0.text.contains(":281474976710655:3:") || $0.text.contains("\"auth\": \"<redacted>\"") })
        #expect(finding.breakdown["auth-token"] == 1)
    }

    @Test func placeholdersAndHashesAreNotSecrets() {
        let hash = String(repeating: "ab", count: 40)
        let log = """
        2026-11-27 10:24:32,808 - lighter_hedge_ETH - DEBUG - 📨 [LIGHTER WS] Sending subscription: {"type":"subscribe","channel":"account_orders/0/7","auth":"<redacted>"}
        2025-12-22 14:03:07,123 - hedge_bot_ETH - INFO - 🔧 DEBUG: Sending subscription: {"type": "subscribe", "channel": "account_orders/0/7", "auth": "<token>"}
        2026-11-27 10:24:32,900 - lighter_hedge_ETH - WARNING - ⚠️ [LIGHTER WS] sendtx result: code=21104, id=none, tx_hash=\(hash)
        2026-11-27 10:24:33,000 - lighter_hedge_ETH - INFO - API_KEY_PRIVATE_KEY=***

        """
        let report = LogDiagnoser.diagnose(text: log)
        #expect(report.finding(.secretInLog) == nil)
    }

    /// Hex digits of one kind only are padding or numbers: random hex that long always mixes.
    @Test func runsOfOneKindAreNotKeys() {
        let runs = [String(repeating: "a", count: 200), String(repeating: "0", count: 100),
                    String(repeating: "1234567890", count: 12), String(repeating: "fedcba", count: 30)]
        for run in runs {
            let report = LogDiagnoser.diagnose(text: "2025-12-22 14:03:07,123 - hedge_bot_ETH - WARNING - Payload: \(run)\n")
            #expect(report.finding(.secretInLog) == nil, "\(run.prefix(12))…")
        }
        // One digit among the letters is enough to look like a key.
        let key = String(repeating: "a", count: 100) + "7"
        #expect(LogDiagnoser.diagnose(text: "2025-12-22 14:03:07,123 - hedge_bot_ETH - INFO - key \(key)\n").finding(.secretInLog) != nil)
    }

    @Test func everyFormOfSecretIsFound() {
        let key = String(repeating: "0123456789abcdef", count: 5)
        let signature = String(repeating: "f0e1d2c3", count: 20)
        let forms = [
            #"{"type": "subscribe", "channel": "account_orders/0/7", "auth": "1767225600:7:3:\#(signature)"}"#,
            "{'auth': 'sometokenvalue1234'}",
            "API_KEY_PRIVATE_KEY=0x\(key)",
            "BACKPACK_SECRET_KEY: bXlzZWNyZXRrZXlpc2xvbmdlbm91Z2g=",
            "key 0x\(key) loaded",
        ]
        for form in forms {
            let report = LogDiagnoser.diagnose(text: "2025-12-22 14:03:07,123 - hedge_bot_ETH - INFO - \(form)\n")
            let finding = report.finding(.secretInLog)
            #expect(finding != nil, "\(form)")
            let shown = finding?.evidence.first?.text ?? ""
            #expect(!shown.contains(String(key.prefix(30))))
            #expect(!shown.contains(String(signature.prefix(30))))
            #expect(!shown.contains("sometokenvalue"))
            #expect(!shown.contains("bXlzZWNyZXRr"))
        }
    }

    /// The quick test may only skip lines the full scan finds nothing in: every fixture line,
    /// and random lines built from the pieces secrets are made of, at every offset.
    @Test func quickTestNeverHidesASecret() throws {
        var lines: [[UInt8]] = []
        for name in try Fixtures.names() {
            lines += try Fixtures.data(name).split(separator: 10).map { Array($0) }
        }
        var random = SeededRandom(seed: 7)
        let pieces = ["\"auth\":\"", "'auth': '", "API_KEY_PRIVATE_KEY=", "secret_KEY: ", "tx_hash=", "0x", " ", "\"", "'",
                      "abcdef0123456789", "ABCDEF", "z", "_", "_key", "auth"]
        for _ in 0..<3000 {
            var line = ""
            for _ in 0..<Int(random.int(in: 1...40)) {
                let piece = pieces[Int(random.int(in: 0...Int64(pieces.count - 1)))]
                line += piece == "abcdef0123456789" ? String(repeating: piece, count: Int(random.int(in: 1...12))) : piece
            }
            lines.append(Array(line.utf8))
        }
        for line in lines {
            line.withUnsafeBufferPointer { bytes in
                for start in [0, 1, 17] where start < bytes.count {
                    let range = start..<bytes.count
                    let quick = SecretScanner.scan(bytes, in: range, firstOnly: false).map { "\($0.range)\($0.kind)" }
                    let full = SecretScanner.scanInFull(bytes, in: range, firstOnly: false).map { "\($0.range)\($0.kind)" }
                    #expect(quick == full, "\(String(decoding: bytes, as: UTF8.self))")
                }
            }
        }
    }
}
