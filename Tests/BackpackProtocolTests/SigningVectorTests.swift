import BackpackProtocol
import Foundation
import LighterProtocol
import Testing

/// The shared ED25519 vectors: every signature reproduced byte for byte, every negative refused.
@Suite struct SigningVectorTests {
    struct Vectors: Decodable {
        struct Key: Decodable { let id: String; let secret_b64: String; let secret64_b64: String; let public_b64: String }
        struct Vector: Decodable {
            let id: String
            let key: String?
            let instruction: String?
            let timestamp_ms: Int64?
            let window_ms: Int64?
            let params: JSONValue?
            let signing_string: String
            let signature_b64: String
            let method: String?
            let path: String?
            let body_json: String?
            let url_query: String?
            let headers: [String: String]?
            let streams: [String]?
            let frame_json: String?
        }
        struct Negative: Decodable { let id: String; let signing_string: String; let reference_signature_b64: String; let verifies: Bool }
        struct Sanity: Decodable { let seed_hex: String; let public_b64: String; let signature_b64: String }
        let keys: [Key]
        let vectors: [Vector]
        let extras: [Vector]
        let negatives: [Negative]
        let sanity_rfc8032_test1: Sanity
    }

    /// A JSON value kept with its type, so a parameter is signed as it was sent.
    enum JSONValue: Decodable {
        case object([(String, JSONValue)]), array([JSONValue]), string(String), integer(Int64), bool(Bool)

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
                self = .object(try keyed.allKeys.map { ($0.stringValue, try keyed.decode(JSONValue.self, forKey: $0)) })
            } else if var list = try? decoder.unkeyedContainer() {
                var items: [JSONValue] = []
                while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
                self = .array(items)
            } else {
                let single = try decoder.singleValueContainer()
                if let flag = try? single.decode(Bool.self) { self = .bool(flag) }
                else if let number = try? single.decode(Int64.self) { self = .integer(number) }
                else { self = .string(try single.decode(String.self)) }
            }
        }

        var params: [BackpackParam] {
            guard case .object(let pairs) = self else { return [] }
            return pairs.map { name, value in
                switch value {
                case .string(let text): BackpackParam(name, text)
                case .integer(let number): BackpackParam(name, number)
                case .bool(let flag): BackpackParam(name, flag)
                case .object, .array: BackpackParam(name, .json("?"))
                }
            }
        }

        var batch: [[BackpackParam]]? {
            guard case .array(let items) = self else { return nil }
            return items.map(\.params)
        }
    }

    static let vectors: Vectors? = {
        guard let data = try? Data(contentsOf: BackpackReference.vectorsFile) else { return nil }
        return try? JSONDecoder().decode(Vectors.self, from: data)
    }()

    static var all: [Vectors.Vector] { (vectors?.vectors ?? []) + (vectors?.extras ?? []) }

    func signer(_ id: String?) throws -> BackpackSigner {
        let key = try #require(Self.vectors?.keys.first { $0.id == (id ?? "A") })
        return try BackpackSigner(secretBase64: key.secret_b64)
    }

    @Test func theVectorsArePresent() {
        #expect(Self.vectors?.vectors.count == 15, "vectors missing at \(BackpackReference.vectorsFile.path)")
        #expect(Self.vectors?.extras.count == 9)
        #expect(Self.vectors?.negatives.count == 7)
    }

    @Test func rfc8032SanityVector() throws {
        let sanity = try #require(Self.vectors?.sanity_rfc8032_test1)
        let seed = stride(from: 0, to: sanity.seed_hex.count, by: 2).compactMap { offset -> UInt8? in
            let start = sanity.seed_hex.index(sanity.seed_hex.startIndex, offsetBy: offset)
            return UInt8(sanity.seed_hex[start..<sanity.seed_hex.index(start, offsetBy: 2)], radix: 16)
        }
        let signer = try BackpackSigner(secret: seed)
        #expect(signer.publicKeyBase64 == sanity.public_b64)
        #expect(signer.signature(for: "") == sanity.signature_b64)
    }

    @Test func keysLoadFromBothSecretForms() throws {
        for key in try #require(Self.vectors?.keys) {
            #expect(try BackpackSigner(secretBase64: key.secret_b64).publicKeyBase64 == key.public_b64)
            #expect(try BackpackSigner(secretBase64: key.secret64_b64).publicKeyBase64 == key.public_b64)
            #expect(try BackpackSigner(secretBase64: key.secret_b64).secretBase64 == key.secret_b64)
        }
        #expect(throws: BackpackKeyError.notBase64) { try BackpackSigner(secretBase64: "not base64!") }
        #expect(throws: BackpackKeyError.wrongLength(3)) { try BackpackSigner(secret: [1, 2, 3]) }
        let a = try #require(Self.vectors?.keys.first)
        let b = try #require(Self.vectors?.keys.last)
        let mixed = Array(Data(base64Encoded: a.secret_b64)!) + Array(Data(base64Encoded: b.public_b64)!)
        #expect(throws: BackpackKeyError.mismatchedPublicHalf) { try BackpackSigner(secret: mixed) }
    }

    @Test(arguments: SigningVectorTests.all.map(\.id))
    func everyVectorIsReproducedByteForByte(id: String) throws {
        let vector = try #require(Self.all.first { $0.id == id })
        let signer = try signer(vector.key ?? String(id.prefix(1)))
        // The string from the parameters, where the vector gives them.
        if let timestamp = vector.timestamp_ms, let window = vector.window_ms {
            let instruction = vector.instruction ?? String(vector.signing_string.dropFirst("instruction=".count).prefix { $0 != "&" })
            let built: String
            if let batch = vector.params?.batch {
                built = BackpackSigning.batchSigningString(instruction: instruction, items: batch, timestampMs: timestamp, windowMs: window)
            } else {
                built = BackpackSigning.signingString(instruction: instruction, params: vector.params?.params ?? [],
                                                      timestampMs: timestamp, windowMs: window)
            }
            #expect(built == vector.signing_string)
        }
        #expect(signer.signature(for: vector.signing_string) == vector.signature_b64)
        #expect(BackpackSignatureCheck.isValid(publicKeyBase64: signer.publicKeyBase64, signatureBase64: vector.signature_b64,
                                               message: vector.signing_string))
        // What the server sees: the string recovered from the body or query as sent.
        if let body = vector.body_json, let timestamp = vector.timestamp_ms, let window = vector.window_ms {
            let groups = try BackpackSignedParams.fromBody(Array(body.utf8))
            let recovered = groups.count == 1 && vector.params?.batch == nil
                ? BackpackSigning.signingString(instruction: vector.instruction ?? "orderExecute", params: groups[0],
                                                timestampMs: timestamp, windowMs: window)
                : BackpackSigning.batchSigningString(instruction: "orderExecute", items: groups, timestampMs: timestamp, windowMs: window)
            #expect(recovered == vector.signing_string)
        }
        if let query = vector.url_query, !query.isEmpty, let instruction = vector.instruction,
           let timestamp = vector.timestamp_ms, let window = vector.window_ms {
            let recovered = BackpackSigning.signingString(instruction: instruction, params: BackpackSignedParams.fromQuery(query),
                                                          timestampMs: timestamp, windowMs: window)
            #expect(recovered == vector.signing_string)
        }
        if let headers = vector.headers, let timestamp = vector.timestamp_ms, let window = vector.window_ms,
           let instruction = vector.instruction {
            let made = signer.headers(instruction: instruction, params: vector.params?.params ?? [], timestampMs: timestamp,
                                      windowMs: window)
            for (name, value) in made.fields { #expect(headers[name] == value, "\(id) \(name)") }
        }
        if let frame = vector.frame_json, let streams = vector.streams, let timestamp = vector.timestamp_ms,
           let window = vector.window_ms {
            #expect(signer.subscribe(streams, timestampMs: timestamp, windowMs: window).encoded() == frame)
            let parsed = try #require(try BackpackClientMessage.decode(frame).get().parsedSignature)
            #expect(parsed.signingString == vector.signing_string)
        }
    }

    @Test func theOrderRequestTypeSignsLikeVectorA() throws {
        let vector = try #require(Self.all.first { $0.id == "A/orderExecute-postOnly-limit" })
        let request = BackpackOrderRequest.postOnlyLimit(symbol: "ETH_USDC_PERP", side: .bid, quantity: FixedDecimal("0.05")!,
                                                         price: FixedDecimal("2999.5")!, clientId: 1_234_567_890)
        let params = request.params(padding: BackpackPadding(price: 2, quantity: 2))
        #expect(BackpackParam.jsonObject(params) == vector.body_json)
        let headers = try signer("A").headers(instruction: "orderExecute", params: params, timestampMs: 1_767_225_600_000)
        #expect(headers.signature == vector.signature_b64)
    }

    @Test(arguments: (SigningVectorTests.vectors?.negatives ?? []).map(\.id))
    func everyNegativeIsRefused(id: String) throws {
        let negative = try #require(Self.vectors?.negatives.first { $0.id == id })
        #expect(!negative.verifies)
        let key = try signer("A").publicKeyBase64
        #expect(!BackpackSignatureCheck.isValid(publicKeyBase64: key, signatureBase64: negative.reference_signature_b64,
                                                message: negative.signing_string))
    }

    @Test func illFormedKeysAndSignaturesAreInvalidNotFatal() throws {
        let vector = try #require(Self.all.first)
        let key = try signer("A").publicKeyBase64
        #expect(!BackpackSignatureCheck.isValid(publicKeyBase64: "", signatureBase64: vector.signature_b64, message: vector.signing_string))
        #expect(!BackpackSignatureCheck.isValid(publicKeyBase64: key, signatureBase64: "AAAA", message: vector.signing_string))
        #expect(!BackpackSignatureCheck.isValid(publicKeyBase64: try signer("B").publicKeyBase64,
                                                signatureBase64: vector.signature_b64, message: vector.signing_string))
    }

    @Test func paramsSortByBytesAndBodiesKeepTheirText() throws {
        let text = BackpackSigning.signingString(instruction: "x", params: [("b", "1"), ("B", "2"), ("a", "3")],
                                                 timestampMs: 1, windowMs: 2)
        #expect(text == "instruction=x&B=2&a=3&b=1&timestamp=1&window=2")
        let groups = try BackpackSignedParams.fromBody(Array(#"{"price":"2999.50","q":1.50,"f":false,"n":null,"s":"a\"b"}"#.utf8))
        #expect(groups.count == 1)
        #expect(groups[0].map(\.name) == ["price", "q", "f", "s"])
        #expect(groups[0].map(\.value) == ["2999.50", "1.50", "false", "a\"b"])
        #expect(try BackpackSignedParams.fromBody([]).isEmpty)
        #expect(throws: FrameDecodingError.self) { try BackpackSignedParams.fromBody(Array("{".utf8)) }
        #expect(BackpackSignedParams.fromQuery("symbol=ETH_USDC_PERP&x=a%2Bb+c").map(\.value) == ["ETH_USDC_PERP", "a+b c"])
    }
}
