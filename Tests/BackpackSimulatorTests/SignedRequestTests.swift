import BackpackProtocol
import BackpackSimulator
import BackpackTestSupport
import Foundation
import LighterProtocol
import LighterTestSupport
import Testing

/// The simulator checks signatures, timestamps and windows as the venue does: every shared
/// vector is accepted, every wrongly built string refused, an expired window refused.
@Suite(.serialized) struct SignedRequestTests {
    static var restVectors: [SimulatorReference.Vectors.Vector] {
        ((SimulatorReference.vectors?.vectors ?? []) + (SimulatorReference.vectors?.extras ?? []))
            .filter { $0.method != nil && $0.path != nil && $0.timestamp_ms != nil }
    }

    static func signer(_ id: String) throws -> BackpackSigner {
        let key = try #require(SimulatorReference.vectors?.keys.first { $0.id == id })
        return try BackpackSigner(secretBase64: key.secret_b64)
    }

    /// Sends a vector's request exactly as written, with `signature` in place of its own.
    static func replay(_ vector: SimulatorReference.Vectors.Vector, at endpoints: BackpackEndpoints,
                       signature: String? = nil, apiKey: String? = nil) async throws -> (status: Int, body: String) {
        let signer = try signer(vector.key ?? String(vector.id.prefix(1)))
        var headers = ["X-API-Key": apiKey ?? signer.publicKeyBase64, "X-Signature": signature ?? vector.signature_b64,
                       "X-Timestamp": String(vector.timestamp_ms ?? 0), "X-Window": String(vector.window_ms ?? 5000)]
        let method = vector.method ?? "GET"
        var url = endpoints.httpURL + (vector.path ?? "/")
        var body: String?
        if method == "GET" {
            let query = vector.url_query ?? (vector.params?.values ?? [:]).sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.text)" }.joined(separator: "&")
            if !query.isEmpty { url += "?" + query }
        } else {
            body = vector.body_json ?? "{" + (vector.params?.values ?? [:]).map { "\"\($0.key)\":\"\($0.value.text)\"" }.joined(separator: ",") + "}"
            headers["Content-Type"] = "application/json; charset=utf-8"
        }
        return try await httpRequest(url, method: method, body: body, headers: headers)
    }

    static func isSignatureRefusal(_ body: String) -> Bool {
        ["Invalid signature", "Request has expired", "Invalid X-", "Invalid timestamp"].contains { body.contains($0) }
    }

    @Test func theVectorsArePresent() {
        #expect(Self.restVectors.count >= 19, "vectors missing at \(SimulatorReference.vectorsFile.path)")
    }

    @Test func everyRESTVectorIsAccepted() async throws {
        let clock = ManualClock(0)
        try await withBackpackSimulator({ $0.clock = clock.read }) { endpoints, _ in
            for vector in Self.restVectors {
                clock.milliseconds = try #require(vector.timestamp_ms) + 1_000
                let response = try await Self.replay(vector, at: endpoints)
                #expect(!Self.isSignatureRefusal(response.body), "\(vector.id): \(response.status) \(response.body)")
                // Reads succeed outright; orders may be refused for trading reasons only.
                if vector.method == "GET" && vector.path != "/api/v1/order" {
                    #expect(response.status == 200, "\(vector.id): \(response.body)")
                }
            }
        }
    }

    @Test func everyWronglyBuiltStringIsRefused() async throws {
        let vector = try #require(Self.restVectors.first { $0.id == "A/orderExecute-postOnly-limit" })
        let signer = try Self.signer("A")
        let at = try #require(vector.timestamp_ms)
        try await withBackpackSimulator({ $0.clock = { at + 1_000 } }) { endpoints, _ in
            for negative in try #require(SimulatorReference.vectors?.negatives) {
                let response = try await Self.replay(vector, at: endpoints, signature: signer.signature(for: negative.signing_string))
                #expect(response.status == 400, "\(negative.id)")
                #expect(try decodeBody(BackpackAPIError.self, response) == .invalidSignature, "\(negative.id)")
            }
            // Another key's signature over the right string, and a well-formed key that did not sign.
            let other = try Self.signer("B")
            let forged = try await Self.replay(vector, at: endpoints, signature: other.signature(for: vector.signing_string))
            #expect(try decodeBody(BackpackAPIError.self, forged) == .invalidSignature)
            let impostor = try await Self.replay(vector, at: endpoints, apiKey: other.publicKeyBase64)
            #expect(try decodeBody(BackpackAPIError.self, impostor) == .invalidSignature)
        }
    }

    @Test func windowsAndTimestampsAreChecked() async throws {
        let vector = try #require(Self.restVectors.first { $0.id == "A/fillHistoryQueryAll-limit-offset" })
        let at = try #require(vector.timestamp_ms)
        let clock = ManualClock(at + 5_000)
        try await withBackpackSimulator({ $0.clock = clock.read }) { endpoints, _ in
            // Just inside the window, then past it.
            #expect(try await Self.replay(vector, at: endpoints).status == 200)
            clock.milliseconds = at + 5_001
            let response = try await Self.replay(vector, at: endpoints)
            #expect(response.status == 400)
            #expect(try decodeBody(BackpackAPIError.self, response) == .requestExpired)
            // A timestamp more than a window ahead of the server's clock.
            clock.milliseconds = at - 6_000
            let early = try await Self.replay(vector, at: endpoints)
            #expect(try decodeBody(BackpackAPIError.self, early).isClockProblem, "\(early.body)")
        }
    }

    @Test func missingOrIllFormedHeadersAreRefusedWithTheirName() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let plain = try await httpRequest(endpoints.httpURL + "/api/v1/capital")
            #expect(plain.status == 400 && plain.body.contains("X-API-Key"))
            var client = BackpackTestClient(endpoints)
            client.windowMs = 60_001
            let wide = try await client.signedGet("/api/v1/capital")
            #expect(wide.body.contains("X-Window"), "\(wide.body)")
            client.windowMs = 60_000
            #expect(try await client.signedGet("/api/v1/capital").status == 200)
            let noSignature = try await httpRequest(endpoints.httpURL + "/api/v1/capital",
                                                    headers: ["X-API-Key": client.account, "X-Timestamp": "1"])
            #expect(try decodeBody(BackpackAPIError.self, noSignature) == .invalidSignatureHeader)
        }
    }

    @Test func theSignedSubscribeVectorOpensThePrivateStream() async throws {
        let vector = try #require(SimulatorReference.vectors?.vectors.first { $0.id == "A/ws-subscribe-account.orderUpdate" })
        let at = try #require(vector.timestamp_ms)
        try await withBackpackSimulator({ $0.clock = { at + 1_000 } }) { endpoints, _ in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await stream.send(try #require(vector.frame_json))
            // The subscription takes effect with no reply. Messages on a socket are taken in order,
            // so once a later public subscribe yields data the signed one is in force.
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.ETH_USDC_PERP"]))
            try await stream.waitForBackpack("depth") { if case .depth = $0 { true } else { false } }
            let client = BackpackTestClient(endpoints, signer: try Self.signer("A"), clock: { at + 1_000 })
            let top = try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", "ETH_USDC_PERP")]))
            let bid = try #require(top.bids.last).price
            let placed = try await client.execute(.postOnlyLimit(symbol: "ETH_USDC_PERP", side: .bid, quantity: FixedDecimal("0.01")!,
                                                                 price: bid - FixedDecimal("0.5")!, clientId: 7))
            #expect(placed.status == 200, "\(placed.body)")
            let accepted = try await stream.waitForBackpack("orderAccepted") {
                if case .orderUpdate(let update) = $0 { return update.event == .orderAccepted } else { return false }
            }
            guard case .orderUpdate(let update) = accepted else { return }
            #expect(update.clientID == 7)
            #expect(stream.texts.allSatisfy { !$0.contains("\"error\"") })
        }
    }

    @Test func aBadSubscribeSignatureGetsAnErrorAndNoData() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let signer = BackpackSigner.generate()
            var message = signer.subscribe(["account.orderUpdate"], timestampMs: Int64(Date().timeIntervalSince1970 * 1000))
            message.signature?[1] = BackpackSigner.generate().signature(for: "instruction=subscribe&timestamp=1&window=5000")
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await stream.send(message)
            let frame = try await stream.waitForBackpack("an error") { if case .error = $0 { true } else { false } }
            #expect(frame == .error(BackpackExchange.invalidSubscribeSignature))
            // An expired subscribe is refused the same way.
            let seen = stream.texts.count
            try await stream.send(signer.subscribe(["account.orderUpdate"], timestampMs: 1_000))
            try await stream.waitForBackpack("a second error", after: seen) { if case .error = $0 { true } else { false } }
        }
    }
}
