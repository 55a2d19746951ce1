import Foundation

/// The shared vectors and samples beside the checkout (`../shared/reference`);
/// `BACKPACK_SAMPLES` and `BACKPACK_VECTORS` override the places.
enum SimulatorReference {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/reference")
    }

    static func sample(_ name: String) throws -> String {
        let directory = ProcessInfo.processInfo.environment["BACKPACK_SAMPLES"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("samples/backpack")
        return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static var vectorsFile: URL {
        ProcessInfo.processInfo.environment["BACKPACK_VECTORS"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("backpack-vectors/signing-vectors.json")
    }

    /// The fields of the vectors file the simulator tests replay.
    struct Vectors: Decodable {
        struct Key: Decodable { let id: String; let secret_b64: String }
        struct Vector: Decodable {
            let id: String
            let key: String?
            let kind: String?
            let signing_string: String
            let signature_b64: String
            let timestamp_ms: Int64?
            let window_ms: Int64?
            let method: String?
            let path: String?
            let body_json: String?
            let url_query: String?
            let headers: [String: String]?
            let frame_json: String?
            let params: Params?
        }
        struct Negative: Decodable { let id: String; let signing_string: String }
        let keys: [Key]
        let vectors: [Vector]
        let extras: [Vector]
        let negatives: [Negative]
    }

    /// A vector's parameters when they are one object; a batch's array reads as empty.
    struct Params: Decodable {
        let values: [String: Scalar]
        init(from decoder: any Decoder) throws {
            values = (try? decoder.singleValueContainer().decode([String: Scalar].self)) ?? [:]
        }
    }

    /// A parameter value as written in the vectors.
    enum Scalar: Decodable {
        case text(String)
        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let flag = try? single.decode(Bool.self) { self = .text(flag ? "true" : "false") }
            else if let number = try? single.decode(Int64.self) { self = .text(String(number)) }
            else if let text = try? single.decode(String.self) { self = .text(text) }
            else { self = .text("") }
        }
        var text: String { if case .text(let value) = self { value } else { "" } }
    }

    static let vectors: Vectors? = {
        guard let data = try? Data(contentsOf: vectorsFile) else { return nil }
        return try? JSONDecoder().decode(Vectors.self, from: data)
    }()
}
