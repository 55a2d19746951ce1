import Foundation
import Testing
@testable import Diagnosis

@Suite struct ReportOutputTests {
    @Test func jsonDecodesBackAndHasTheRequiredKeys() throws {
        for fixture in ["python-up-fallback-info.log", "ours-s3-reject-auth.log", "python-fk-s6-debug.mojibake-crlf.log"] {
            let report = try Fixtures.report(fixture)
            let data = report.jsonData()
            let decoded = try JSONDecoder().decode(DiagnosisReport.self, from: data)
            #expect(decoded == report)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for key in ["scenario", "title", "evidence", "findings", "checks", "candidates", "confidence", "timeline", "exitCode"] {
                #expect(object[key] != nil, "\(key) missing")
            }
            let checks = try #require(object["checks"] as? [String: Any])
            #expect(Set(checks.keys) == Set(DiagnosisReport.checkNames))
            let findings = try #require(object["findings"] as? [[String: Any]])
            for finding in findings {
                for key in ["id", "severity", "message", "evidence", "count"] { #expect(finding[key] != nil) }
            }
        }
    }

    @Test func jsonIsStable() throws {
        let a = try Fixtures.report("ours-reconnect-storm.log").jsonData()
        let b = try Fixtures.report("ours-reconnect-storm.log").jsonData()
        #expect(a == b)
    }

    @Test func noEvidenceGivesANullScenario() throws {
        let report = LogDiagnoser.diagnose(text: "hello\nworld\n")
        #expect(report.scenario == nil)
        #expect(report.candidates.isEmpty)
        #expect(report.exitCode == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        #expect(object["scenario"] is NSNull)
        let empty = LogDiagnoser.diagnose(text: "")
        #expect(empty.scenario == nil)
        #expect(empty.input.lines == 0)
    }

    @Test func textPutsTheVerdictFirstAndColoursOnlyWhenAsked() throws {
        let report = try Fixtures.report("python-fk-s3-auth-20013.mojibake-crlf.log")
        let plain = report.renderText(color: false)
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.hasPrefix("Scenario 3: "))
        let verdict = try #require(plain.range(of: "Scenario 3"))
        let findings = try #require(plain.range(of: "Findings ("))
        let checks = try #require(plain.range(of: "Quick checks"))
        #expect(verdict.lowerBound < findings.lowerBound && findings.lowerBound < checks.lowerBound)
        #expect(plain.contains("auth-rejected"))
        let coloured = report.renderText(color: true)
        #expect(coloured.contains("\u{1B}[31m"))
    }

    @Test func exitCodePolicy() throws {
        #expect(try Fixtures.report("ours-s6-healthy.debug.log").exitCode == 0)
        // Scenario 6, but a credential printed: a problem.
        #expect(try Fixtures.report("python-fk-secret-token.mojibake.log").exitCode == 1)
        // Scenario 6 with warnings only stays healthy.
        #expect(try Fixtures.report("ours-reconnect-storm.log").exitCode == 0)
        #expect(try Fixtures.report("python-up-s1-dns.mojibake-crlf.log").exitCode == 1)
    }

    @Test func evidenceIsBoundedPerFinding() throws {
        let options = DiagnosisOptions(evidencePerFinding: 2)
        let report = try Fixtures.report("python-up-fallback-info.log", options: options)
        let fallback = try #require(report.finding(.fallbackFill))
        #expect(fallback.evidence.count == 2)
        #expect(fallback.evidenceOmitted == 4)
        #expect(fallback.evidence.map(\.line) == fallback.evidence.map(\.line).sorted())
    }

    @Test func evidenceNamesFileAndLine() throws {
        let name = "ours-s3-reject-auth.log"
        let report = try Fixtures.report(name)
        let line = try #require(report.finding(.authRejected)?.evidence.first)
        #expect(line.file == name)
        let text = String(decoding: try Fixtures.data(name), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(String(text[line.line - 1]).hasPrefix(String(line.text.prefix(60))))
    }

    /// 20:00:00 to 20:03:25: 1-second buckets would be 206, 2-second ones are 103.
    @Test func timelineBucketsFitTheSpan() throws {
        let report = try Fixtures.report("python-up-fallback-info.log")
        let timeline = report.timeline
        #expect(timeline.bucketSeconds == 2)
        #expect(timeline.buckets.first?.start == "2025-12-22 20:00:00")
        #expect(timeline.buckets.last?.start == "2025-12-22 20:03:24")
        #expect(timeline.buckets.allSatisfy { $0.startSecond % 2 == 0 })
        #expect(timeline.buckets.reduce(0) { $0 + $1.lines } == report.input.lines)
        #expect(timeline.buckets.reduce(0) { $0 + $1.findings } >= 12)
        let debug = try Fixtures.report("ours-s6-healthy.debug.log").timeline
        #expect(debug.buckets.reduce(0) { $0 + ($1.messages["update/order_book"] ?? 0) } == 44)
        #expect(debug.buckets.reduce(0) { $0 + $1.fills } == 4)
        #expect(debug.buckets.reduce(0) { $0 + $1.subscriptions } >= 3)
    }

    @Test func timelineStaysBounded() {
        var diagnoser = LogDiagnoser(options: DiagnosisOptions(maxTimelineBuckets: 10))
        var lines = 0
        for day in 1...3 {
            for hour in stride(from: 0, to: 24, by: 1) {
                let stamp = "2025-12-\(String(format: "%02d", day)) \(String(format: "%02d", hour)):15:00,000"
                let line = "\(stamp) - hedge_bot_ETH - INFO - ✅ Initial order book offset set to: 1\n"
                diagnoser.feed(data: Data(line.utf8), file: "long.log")
                lines += 1
            }
        }
        let timeline = diagnoser.finish().timeline
        #expect(timeline.buckets.count <= 11)
        #expect(timeline.bucketSeconds > 60)
        #expect(timeline.buckets.reduce(0) { $0 + $1.lines } == lines)
    }

    @Test func severalFilesInOnePass() throws {
        var diagnoser = LogDiagnoser()
        for name in ["python-up-s1-dns.mojibake-crlf.log", "python-up-s6-info-healthy.log"] {
            diagnoser.feed(data: try Fixtures.data(name), file: name)
            diagnoser.endOfFile(name)
        }
        let report = diagnoser.finish()
        #expect(report.input.files == ["python-up-s1-dns.mojibake-crlf.log", "python-up-s6-info-healthy.log"])
        #expect(report.scenario == 6)
        // The first file's connection failures remain, as a warning: connections did succeed later.
        #expect(report.finding(.connectFailed)?.severity == .warning)
        #expect(report.finding(.connectFailed)?.evidence.first?.file == "python-up-s1-dns.mojibake-crlf.log")
    }
}
