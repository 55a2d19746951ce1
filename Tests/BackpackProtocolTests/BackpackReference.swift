import Foundation

/// The shared Backpack reference lives beside the checkout (`../shared/reference`), not in the
/// repo; `BACKPACK_SAMPLES` and `BACKPACK_VECTORS` override the places.
enum BackpackReference {
    static var root: URL {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
    }

    static var samples: URL {
        if let override = ProcessInfo.processInfo.environment["BACKPACK_SAMPLES"] { return URL(fileURLWithPath: override) }
        return root.appendingPathComponent("samples/backpack")
    }

    static var vectorsFile: URL {
        if let override = ProcessInfo.processInfo.environment["BACKPACK_VECTORS"] { return URL(fileURLWithPath: override) }
        return root.appendingPathComponent("backpack-vectors/signing-vectors.json")
    }

    /// Every payload file (JSON and plain text), README excluded.
    static var sampleNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
        return files.filter { $0.hasSuffix(".json") || $0.hasSuffix(".txt") }.sorted()
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: samples.appendingPathComponent(name), encoding: .utf8)
    }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: samples.appendingPathComponent(name)) }

    /// Stream frames among the samples (client messages excluded).
    static var streamFrames: [String] {
        sampleNames.filter { $0.hasPrefix("ws_") && !$0.hasPrefix("ws_subscribe") && !$0.hasPrefix("ws_unsubscribe") }
    }
}
