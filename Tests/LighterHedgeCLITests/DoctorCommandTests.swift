import Foundation
import Testing

/// doctor's promise to scripts: exit 0 for a healthy log, 1 when it finds something, 2 when it
/// cannot read what it was given, with the reason on one line.
@Suite struct DoctorCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("DiagnosisTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test func exitStatusSaysHealthyFoundOrUnreadable() async throws {
        let cli = try CommandRunner()
        let healthy = try await cli.run(["doctor", Self.fixture("ours-s6-healthy.debug.log")])
        #expect(healthy.status == 0, "\(healthy.stdout)")
        // A log the reference bot wrote itself, against a simulator whose orders never fill.
        let neverFill = try await cli.run(["doctor", Self.fixture("python-fk-real-s5-never-fill.debug.log")])
        #expect(neverFill.status == 1, "\(neverFill.stdout)")
        #expect(neverFill.stdout.hasPrefix("Scenario 5"), "\(neverFill.stdout.prefix(200))")
        let dns = try await cli.run(["doctor", Self.fixture("python-up-s1-dns.mojibake-crlf.log")])
        #expect(dns.status == 1)
        #expect(dns.stdout.hasPrefix("Scenario 1"))

        let missing = try await cli.run(["doctor", cli.path("no-such.log")])
        #expect(missing.status == 2)
        #expect(missing.stderrLines.count == 1, "\(missing.stderr)")
        let usage = try await cli.run(["doctor", "--market=-1", Self.fixture("ours-s6-healthy.debug.log")])
        #expect(usage.status == 2)
        #expect(usage.stderrLines.count == 1, "\(usage.stderr)")
    }

    @Test func standardInputAndAFileReadTheSame() async throws {
        let cli = try CommandRunner()
        let path = Self.fixture("python-fk-s3-auth-20013.mojibake-crlf.log")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let fromFile = try await cli.run(["doctor", "--json", path])
        let fromStdin = try await cli.run(["doctor", "--json", "-"], stdin: text)
        #expect(fromFile.status == fromStdin.status)
        let a = try JSONSerialization.jsonObject(with: Data(fromFile.stdout.utf8)) as? [String: Any]
        let b = try JSONSerialization.jsonObject(with: Data(fromStdin.stdout.utf8)) as? [String: Any]
        #expect(a?["scenario"] as? Int == 3)
        #expect(a?["scenario"] as? Int == b?["scenario"] as? Int)
        func ids(_ report: [String: Any]?) -> [String] {
            (report?["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(ids(a) == ids(b))
        #expect(!ids(a).isEmpty)
    }
}
