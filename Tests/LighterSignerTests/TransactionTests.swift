import LighterProtocol
import Foundation
import Testing
@testable import LighterSigner

/// One official signer sample: the tx rebuilt from its tx_info, plus the expected outputs.
struct TxSample {
    let name: String
    let tx: any LighterTransaction
    let txInfo: String
    let txHash: String
    let signature: [UInt8]
    let publicKeyHex: String
    let chainId: UInt32

    static func loadAll() throws -> [TxSample] {
        try SharedFixtures.signerSampleNames(prefix: "signer_tx_").map(load)
    }

    static func load(_ path: String) throws -> TxSample {
        let file = try SharedFixtures.json(path)
        let txInfo = try #require(file["tx_info"] as? String)
        let info = try #require(try JSONSerialization.jsonObject(with: Data(txInfo.utf8)) as? [String: Any])
        func int(_ k: String) throws -> Int64 { try #require((info[k] as? NSNumber)?.int64Value, "missing \(k)") }
        var attrs = L2TxAttributes()
        if let map = info["L2TxAttributes"] as? [String: Any] {
            var pairs: [L2TxAttributes.Kind: UInt64] = [:]
            for (k, v) in map {
                let kind = try #require(UInt8(k).flatMap(L2TxAttributes.Kind.init(rawValue:)))
                pairs[kind] = (v as? NSNumber)?.uint64Value ?? 0
            }
            attrs = L2TxAttributes(pairs)
        }
        let acct = try int("AccountIndex"), key = UInt8(try int("ApiKeyIndex"))
        let (exp, nonce) = (try int("ExpiredAt"), try int("Nonce"))
        let tx: any LighterTransaction
        switch try #require(file["tx_type"] as? Int) {
        case 14:
            tx = CreateOrderTx(accountIndex: acct, apiKeyIndex: key, marketIndex: Int16(try int("MarketIndex")),
                               clientOrderIndex: try int("ClientOrderIndex"), baseAmount: try int("BaseAmount"),
                               price: UInt32(try int("Price")), isAsk: UInt8(try int("IsAsk")), type: UInt8(try int("Type")),
                               timeInForce: UInt8(try int("TimeInForce")), reduceOnly: UInt8(try int("ReduceOnly")),
                               triggerPrice: UInt32(try int("TriggerPrice")), orderExpiry: try int("OrderExpiry"),
                               expiredAt: exp, nonce: nonce, attributes: attrs)
        case 15:
            tx = CancelOrderTx(accountIndex: acct, apiKeyIndex: key, marketIndex: Int16(try int("MarketIndex")),
                               index: try int("Index"), expiredAt: exp, nonce: nonce, attributes: attrs)
        case 16:
            tx = CancelAllOrdersTx(accountIndex: acct, apiKeyIndex: key, timeInForce: UInt8(try int("TimeInForce")),
                                   time: try int("Time"), expiredAt: exp, nonce: nonce, attributes: attrs)
        case 17:
            tx = ModifyOrderTx(accountIndex: acct, apiKeyIndex: key, marketIndex: Int16(try int("MarketIndex")),
                               index: try int("Index"), baseAmount: try int("BaseAmount"), price: UInt32(try int("Price")),
                               triggerPrice: UInt32(try int("TriggerPrice")), expiredAt: exp, nonce: nonce, attributes: attrs)
        case let other:
            throw SharedFixtures.Missing(path: "unsupported tx_type \(other) in \(path)")
        }
        let sigText = try #require(info["Sig"] as? String)
        let sig = try #require(Data(base64Encoded: sigText))
        let txHash = try #require(file["tx_hash"] as? String)
        let pub = try #require(file["public_key"] as? String)
        let chain = try #require(file["chain_id"] as? Int)
        return TxSample(name: path, tx: tx, txInfo: txInfo, txHash: txHash, signature: [UInt8](sig),
                        publicKeyHex: pub, chainId: UInt32(chain))
    }
}

@Suite struct TransactionTests {
    @Test func samplesCoverAllFourTxTypes() throws {
        let types = Set(try TxSample.loadAll().map { type(of: $0.tx).txType })
        #expect(types == [14, 15, 16, 17])
    }

    /// Every order the official signer signed passes its rules here; each rule broken alone is
    /// refused, with its reason.
    @Test func signerRulesMatchTheOfficialSigner() throws {
        let orders = try TxSample.loadAll().compactMap { $0.tx as? CreateOrderTx }
        #expect(!orders.isEmpty)
        for order in orders { #expect(order.signerRuleViolation == nil, "\(order)") }
        let base = try #require(orders.first { $0.type == 0 && $0.timeInForce == 1 })
        let broken: [(String, (inout CreateOrderTx) -> Void)] = [
            ("account", { $0.accountIndex = -1 }),
            ("account", { $0.accountIndex = (1 << 48) - 1 }),
            ("API key", { $0.apiKeyIndex = 255 }),
            ("market", { $0.marketIndex = 255 }),
            ("market", { $0.marketIndex = 4095 }),
            ("client order", { $0.clientOrderIndex = -1 }),
            ("client order", { $0.clientOrderIndex = 1 << 48 }),
            ("size", { $0.baseAmount = 1 << 48 }),
            ("size", { $0.baseAmount = 0 }),
            ("price", { $0.price = 0 }),
            ("expiry", { $0.orderExpiry = 0 }),
            ("expiry", { $0.orderExpiry = -1 }),
            ("market order", { $0.type = 1 }),
            ("immediate-or-cancel", { $0.timeInForce = 0 }),
            ("nonce", { $0.nonce = -1 }),
        ]
        for (word, breakIt) in broken {
            var order = base
            breakIt(&order)
            let problem = order.signerRuleViolation
            #expect(problem?.contains(word) == true, "\(word): \(problem ?? "accepted")")
        }
        // A spot market id and a reduce-only order of size 0 are fine.
        var spot = base
        spot.marketIndex = 2048
        #expect(spot.signerRuleViolation == nil)
        var wholePosition = base
        wholePosition.baseAmount = 0
        wholePosition.reduceOnly = 1
        #expect(wholePosition.signerRuleViolation == nil)
    }

    @Test func txHashMatchesOfficialSigner() throws {
        for s in try TxSample.loadAll() {
            #expect(ByteEncoding.hex(s.tx.messageHash(chainId: s.chainId).bytesLE) == s.txHash, "\(s.name)")
        }
    }

    @Test func txInfoJSONIsByteIdentical() throws {
        for s in try TxSample.loadAll() {
            #expect(s.tx.txInfoJSON(signature: s.signature) == s.txInfo, "\(s.name)")
        }
    }

    @Test func chainIdAndAttributesChangeTheHash() throws {
        let s = try #require(try TxSample.loadAll().first { $0.tx is CancelOrderTx })
        let h = s.tx.messageHash(chainId: 304)
        #expect(s.tx.messageHash(chainId: 300) != h)
        var tx = try #require(s.tx as? CancelOrderTx)
        tx.attributes = .skipNonce
        #expect(tx.messageHash(chainId: 304) != h)
    }

    @Test func base64AndHexRoundTrip() {
        var rng = SeededRandom(seed: 3)
        for len in 0..<20 {
            let bytes = (0..<len).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(ByteEncoding.base64(bytes) == Data(bytes).base64EncodedString())
            #expect(ByteEncoding.bytes(hex: "0x" + ByteEncoding.hex(bytes)) == bytes)
        }
        #expect(ByteEncoding.bytes(hex: "0g") == nil)
        #expect(ByteEncoding.bytes(hex: "abc") == nil)
    }
}
