import Foundation

/// The shared reference samples live beside the checkout (`../shared/reference/samples/lighter`),
/// not in the repo; `LIGHTER_SAMPLES` overrides the place.
enum ReferenceSamples {
    static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["LIGHTER_SAMPLES"] {
            return URL(fileURLWithPath: override)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/samples/lighter")
    }

    static func names(prefix: String = "") -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") && $0.hasPrefix(prefix) }.sorted()
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// WebSocket frames among the samples: `*_ws_*` files.
    static var webSocketFrames: [String] { names().filter { $0.contains("_ws_") } }
}
