import Foundation
import LighterProtocol
import LighterSigner
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// The simulator checks signatures as the venue does: tokens and transactions signed by a
/// registered key pass, anything else gets the venue's error.
@Suite(.serialized) struct SimulatorSignatureTests {
    static let account: Int64 = 11

    @Test func tokensSignedByAnotherKeyAreRefused() async throws {
        try await withSimulator { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            let stranger = LighterPrivateKey.generate()
            let forged = AuthTokenSigner.make(deadline: Int64(Date().timeIntervalSince1970) + 3600, account: Self.account,
                                              apiKeyIndex: 0, privateKey: stranger)
            try await client.send(.subscribe(channel: "account_orders/0/\(Self.account)", auth: forged))
            try await client.waitFor("invalid signature") { $0 == .error(ErrorFrame(code: 20013, message: "invalid auth: invalid signature")) }
            // A key slot nobody registered.
            let unknownSlot = wellFormedToken(account: Self.account, apiKey: 5)
            try await client.send(.subscribe(channel: "account_orders/0/\(Self.account)", auth: unknownSlot))
            try await client.waitFor("key not found") { $0 == .error(ErrorFrame(code: 20013, message: "invalid auth: api key not found")) }
            // Ours passes.
            try await client.send(.subscribe(channel: "account_orders/0/\(Self.account)", auth: wellFormedToken(account: Self.account)))
            try await client.waitFor("subscribed") { if case .accountOrders(let f) = $0 { f.isSnapshot } else { false } }
            await client.close()
        }
    }

    @Test func transactionsAreVerifiedAndHashedLikeTheVenue() async throws {
        try await withSimulator({ $0.updatesPerSecond = 1 }) { endpoints, server in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            let nonce = await server.exchange.nextNonce(account: Self.account, apiKeyIndex: 0)
            let expiredAt = Int64(Date().timeIntervalSince1970 * 1000) + 600_000
            let tx = CreateOrderTx(accountIndex: Self.account, apiKeyIndex: 0, marketIndex: 0, clientOrderIndex: 5,
                                   baseAmount: 100, price: 100_000, isAsk: 0, type: 0, timeInForce: 0, reduceOnly: 0,
                                   triggerPrice: 0, orderExpiry: 0, expiredAt: expiredAt, nonce: nonce)
            // Signed by a stranger: refused, and the nonce is not used up.
            let forged = TransactionSigner(privateKey: LighterPrivateKey.generate(), chainId: 304).sign(tx)
            try await client.send(.sendTx(id: "forged", txType: 14, txInfoJSON: forged.txInfo))
            try await client.waitFor("21120") { $0 == .error(ErrorFrame(code: 21120, message: "invalid signature", id: "forged")) }
            // A tampered field breaks our own signature too.
            let signed = TestKeys.signer.sign(tx)
            let tampered = signed.txInfo.replacingOccurrences(of: "\"BaseAmount\":100", with: "\"BaseAmount\":101")
            try await client.send(.sendTx(id: "tampered", txType: 14, txInfoJSON: tampered))
            try await client.waitFor("tampered") { if case .error(let e) = $0 { e.id == "tampered" && e.code == 21120 } else { false } }
            // Signed by the registered key: accepted, with the venue's tx hash.
            try await client.send(.sendTx(id: "good", txType: 14, txInfoJSON: signed.txInfo))
            try await client.waitFor("accepted with the venue's hash") {
                if case .txResult(let result) = $0 { result.id == "good" && result.txHash == signed.txHash } else { false }
            }
            #expect(await server.exchange.nextNonce(account: Self.account, apiKeyIndex: 0) == nonce + 1)
            await client.close()
        }
    }
}
