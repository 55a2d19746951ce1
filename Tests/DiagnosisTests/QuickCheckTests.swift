import Foundation
import Testing
@testable import Diagnosis

/// The guide's six quick checks, each against logs where it passes and where it fails.
@Suite struct QuickCheckTests {
    /// How many lines of a fixture contain `needle` (what `grep -c` would say).
    private func lines(_ fixture: String, containing needle: String) throws -> Int {
        String(decoding: try Fixtures.data(fixture), as: UTF8.self).split(whereSeparator: \.isNewline).filter { $0.contains(needle) }.count
    }

    @Test func everyReportHasTheSixChecks() throws {
        let report = try Fixtures.report("ours-s6-healthy.debug.log")
        #expect(Set(report.checks.keys) == Set(DiagnosisReport.checkNames))
        for name in DiagnosisReport.checkNames {
            let check = try #require(report.check(named: name))
            #expect(check.name == name)
            #expect(!check.command.isEmpty)
            let text = check.renderText(color: false)
            #expect(text.contains(name))
            #expect(text.contains(check.command))
        }
        #expect(report.check(named: "nonsense") == nil)
    }

    // 1
    @Test func connection() throws {
        let healthy = try #require(try Fixtures.report("ours-s6-healthy.debug.log").check(named: "connection"))
        #expect(healthy.status == .ok)
        #expect(healthy.counts["order book confirmations"] == 1)
        #expect(healthy.counts["account orders confirmations"] == 1)
        #expect(!healthy.lines.isEmpty)
        let rejected = try #require(try Fixtures.report("python-fk-s3-auth-20013.mojibake-crlf.log").check(named: "connection"))
        #expect(rejected.status == .problem)
        let down = try #require(try Fixtures.report("python-up-s1-dns.mojibake-crlf.log").check(named: "connection"))
        #expect(down.status == .problem)
        #expect(down.counts["failed connects"] == 8)
        let info = try #require(try Fixtures.report("python-up-fallback-info.log").check(named: "connection"))
        #expect(info.status == .unknown)
    }

    // 2
    @Test func auth() throws {
        let rejected = try #require(try Fixtures.report("ours-s3-reject-auth.log").check(named: "auth"))
        #expect(rejected.status == .problem)
        #expect(rejected.counts["rejected"] == 3)
        #expect(rejected.lines.contains { $0.text.contains("code=20013") })
        let tokenFailed = try #require(try Fixtures.report("python-up-s3-token-failed.log").check(named: "auth"))
        #expect(tokenFailed.status == .problem)
        #expect(tokenFailed.counts["token failures"] == 1)
        let healthy = try #require(try Fixtures.report("ours-s6-healthy.debug.log").check(named: "auth"))
        #expect(healthy.status == .ok)
        let leaky = try #require(try Fixtures.report("python-fk-secret-token.mojibake.log").check(named: "auth"))
        #expect(leaky.status == .attention)
        #expect(leaky.lines.allSatisfy { !$0.text.contains(#""auth": "17"#) })
    }

    // 3
    @Test func orderUpdates() throws {
        let fixture = "python-fk-s5-never-filled.log"
        let updates = try #require(try Fixtures.report(fixture).check(named: "order-updates"))
        #expect(updates.status == .ok)
        #expect(updates.counts["account updates"] == (try lines(fixture, containing: "Received message type: update/account_orders")))
        #expect(updates.counts["status open"] == 1)
        #expect(updates.counts["status canceled-too-much-slippage"] == 1)
        let silent = try #require(try Fixtures.report("python-fk-s4-no-updates.mojibake.log").check(named: "order-updates"))
        #expect(silent.status == .problem)
        let info = try #require(try Fixtures.report("python-up-fallback-info.log").check(named: "order-updates"))
        #expect(info.status == .unknown)
    }

    // 4
    @Test func fills() throws {
        let fixture = "ours-s6-healthy.debug.log"
        let fills = try #require(try Fixtures.report(fixture).check(named: "fills"))
        #expect(fills.status == .ok)
        #expect(fills.counts["fill lines"] == (try lines(fixture, containing: "Order FILLED")))
        let python = try #require(try Fixtures.report("python-up-s6-info-healthy.log").check(named: "fills"))
        #expect(python.status == .ok)
        #expect(python.counts["processed"] == 8)
        #expect(python.counts["backpack fills"] == 8)
        let none = try #require(try Fixtures.report("ours-s5-never-fill.log").check(named: "fills"))
        #expect(none.status == .problem)
    }

    // 5: the guide's `cut -d: -f5` returns nothing; the type sits in field 4.
    @Test func messageTypes() throws {
        let fixture = "python-fk-s6-debug.mojibake-crlf.log"
        let check = try #require(try Fixtures.report(fixture).check(named: "message-types"))
        #expect(check.status == .ok)
        #expect(check.command.contains("-f4"))
        #expect(check.correction?.contains("field 5") == true)
        // The command is the one to paste: run as printed, it counts what the check counts.
        let path = try Fixtures.directory().appendingPathComponent(fixture).path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", check.command.replacingOccurrences(of: "LOG", with: "'\(path)'")]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        var pasted: [String: Int] = [:]
        for row in printed.split(whereSeparator: \.isNewline) {
            let parts = row.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let n = Int(parts[0]) else { continue }
            pasted[parts[1].trimmingCharacters(in: .whitespacesAndNewlines), default: 0] += n
        }
        #expect(pasted == check.counts)
        let text = String(decoding: try Fixtures.data(fixture), as: UTF8.self)
        var expected: [String: Int] = [:]
        for line in text.split(whereSeparator: \.isNewline) where line.contains("Received message type:") {
            // Field 4 when cut at colons, as the corrected command does.
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            let type = fields[3].trimmingCharacters(in: .whitespacesAndNewlines)
            expected[type, default: 0] += 1
        }
        #expect(!expected.isEmpty)
        #expect(check.counts == expected)
        let info = try #require(try Fixtures.report("python-up-s6-info-healthy.log").check(named: "message-types"))
        #expect(info.status == .unknown)
        #expect(info.counts.isEmpty)
    }

    // 6
    @Test func unexpected() throws {
        let mystery = try #require(try Fixtures.report("ours-unexpected-frame.mojibake.log").check(named: "unexpected"))
        #expect(mystery.status == .attention)
        #expect(mystery.counts == ["update/mystery": 7])
        #expect(mystery.lines.contains { $0.text.contains("Payload:") })
        let none = try #require(try Fixtures.report("ours-s6-healthy.debug.log").check(named: "unexpected"))
        #expect(none.status == .ok)
        #expect(none.counts.isEmpty)
        let greeting = try #require(try Fixtures.report("python-fk-s6-debug.mojibake-crlf.log").check(named: "unexpected"))
        #expect(greeting.status == .ok)
        #expect(greeting.counts == ["connected": 1])
    }
}
