import LighterProtocol
import Foundation

/// Locates /work/shared/reference-style fixtures: env LIGHTER_SHARED, else walk up from this
/// file (symlinks resolved, since scratch packages link the test folder) to a folder holding shared/reference.
enum SharedFixtures {
    static let sharedDir: URL? = {
        if let env = ProcessInfo.processInfo.environment["LIGHTER_SHARED"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let fm = FileManager.default
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared")
            if fm.fileExists(atPath: candidate.appendingPathComponent("reference").path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }()

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "fixture not found: \(path) (set LIGHTER_SHARED)" }
    }

    static func data(_ relative: String) throws -> Data {
        guard let base = sharedDir else { throw Missing(path: relative) }
        return try Data(contentsOf: base.appendingPathComponent(relative))
    }

    static func json(_ relative: String) throws -> [String: Any] {
        guard let obj = try JSONSerialization.jsonObject(with: data(relative)) as? [String: Any] else {
            throw Missing(path: relative)
        }
        return obj
    }

    static func signerSampleNames(prefix: String) throws -> [String] {
        guard let base = sharedDir else { throw Missing(path: "samples") }
        let dir = base.appendingPathComponent("reference/samples/lighter")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
            .map { "reference/samples/lighter/\($0)" }
    }

    /// JSON numbers arrive as NSNumber; u64 vectors exceed Int64, so go through the string form.
    static func u64s(_ any: Any?) -> [UInt64] {
        guard let arr = any as? [Any] else { return [] }
        return arr.compactMap { UInt64("\($0)") }
    }
}

/// Seeded SeededRandom so "random" algebra tests are reproducible.



func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}
