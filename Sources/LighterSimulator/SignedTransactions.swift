import Foundation
import LighterProtocol
import LighterSigner

/// The simulator's reading of a tx_info against the signer's types: enough to recompute the
/// venue's tx hash, check the signature, and re-sign the account script's orders.
enum SignedTransactions {
    /// Lighter mainnet's chain id, as the official signer uses by default.
    static let chainID: UInt32 = 304

    static func fields(_ json: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    static func int(_ fields: [String: Any], _ key: String) -> Int64? {
        (fields[key] as? NSNumber)?.int64Value
    }

    static func attributes(_ fields: [String: Any]) -> L2TxAttributes {
        guard let map = fields["L2TxAttributes"] as? [String: Any] else { return .none }
        var pairs: [L2TxAttributes.Kind: UInt64] = [:]
        for (key, value) in map {
            guard let raw = UInt8(key), let kind = L2TxAttributes.Kind(rawValue: raw),
                  let number = (value as? NSNumber)?.uint64Value else { continue }
            pairs[kind] = number
        }
        return L2TxAttributes(pairs)
    }

    static func createOrder(_ f: [String: Any]) -> LighterSigner.CreateOrderTx? {
        guard let account = int(f, "AccountIndex"), let key = int(f, "ApiKeyIndex"), let market = int(f, "MarketIndex"),
              let base = int(f, "BaseAmount"), let price = int(f, "Price"), let nonce = int(f, "Nonce"),
              let expiredAt = int(f, "ExpiredAt"),
              let key8 = UInt8(exactly: key), let market16 = Int16(exactly: market), let price32 = UInt32(exactly: price)
        else { return nil }
        func small(_ name: String) -> UInt8 { UInt8(clamping: int(f, name) ?? 0) }
        return LighterSigner.CreateOrderTx(accountIndex: account, apiKeyIndex: key8, marketIndex: market16,
                             clientOrderIndex: int(f, "ClientOrderIndex") ?? 0, baseAmount: base, price: price32,
                             isAsk: small("IsAsk"), type: small("Type"), timeInForce: small("TimeInForce"),
                             reduceOnly: small("ReduceOnly"), triggerPrice: UInt32(clamping: int(f, "TriggerPrice") ?? 0),
                             orderExpiry: int(f, "OrderExpiry") ?? 0, expiredAt: expiredAt, nonce: nonce,
                             attributes: attributes(f))
    }

    static func cancelOrder(_ f: [String: Any]) -> LighterSigner.CancelOrderTx? {
        guard let account = int(f, "AccountIndex"), let key = int(f, "ApiKeyIndex"), let market = int(f, "MarketIndex"),
              let index = int(f, "Index"), let nonce = int(f, "Nonce"), let expiredAt = int(f, "ExpiredAt"),
              let key8 = UInt8(exactly: key), let market16 = Int16(exactly: market) else { return nil }
        return LighterSigner.CancelOrderTx(accountIndex: account, apiKeyIndex: key8, marketIndex: market16, index: index,
                             expiredAt: expiredAt, nonce: nonce, attributes: attributes(f))
    }

    static func cancelAll(_ f: [String: Any]) -> LighterSigner.CancelAllOrdersTx? {
        guard let account = int(f, "AccountIndex"), let key = int(f, "ApiKeyIndex"), let timeInForce = int(f, "TimeInForce"),
              let time = int(f, "Time"), let nonce = int(f, "Nonce"), let expiredAt = int(f, "ExpiredAt"),
              let key8 = UInt8(exactly: key), let tif8 = UInt8(exactly: timeInForce) else { return nil }
        return LighterSigner.CancelAllOrdersTx(accountIndex: account, apiKeyIndex: key8, timeInForce: tif8, time: time,
                                               expiredAt: expiredAt, nonce: nonce, attributes: attributes(f))
    }

    static func signature(_ f: [String: Any]) -> [UInt8]? {
        guard let text = f["Sig"] as? String, let data = Data(base64Encoded: text) else { return nil }
        return [UInt8](data)
    }

    /// Why a transaction's signature does not hold, in the venue's codes; nil when it does.
    static func check(txType: Int, txInfoJSON: String, keys: [APIKeyID: LighterPublicKey]) -> Result<String?, ErrorFrame> {
        guard let f = fields(txInfoJSON) else { return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info")) }
        let sig = signature(f)
        func verify<T: LighterTransaction>(_ tx: T) -> Result<String?, ErrorFrame> {
            guard let publicKey = keys[APIKeyID(account: tx.accountIndex, apiKeyIndex: Int(tx.apiKeyIndex))] else {
                return .failure(ErrorFrame(.apiKeyNotFound, "api key not found"))
            }
            guard let sig, TransactionSigner.verify(tx, chainId: chainID, signature: sig, publicKey: publicKey) else {
                return .failure(ErrorFrame(.invalidSignature, "invalid signature"))
            }
            return .success(ByteEncoding.hex(tx.messageHash(chainId: chainID).bytesLE))
        }
        switch txType {
        case Int(LighterSigner.CreateOrderTx.txType):
            guard let tx = createOrder(f) else { return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info")) }
            return verify(tx)
        case Int(LighterSigner.CancelOrderTx.txType):
            guard let tx = cancelOrder(f) else { return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info")) }
            return verify(tx)
        case Int(LighterSigner.CancelAllOrdersTx.txType):
            guard let tx = cancelAll(f) else { return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info")) }
            return verify(tx)
        default:
            // The engine refuses other types with its own code.
            return .success(nil)
        }
    }

    /// The venue's tx hash of a create order, cancel or cancel-all, when the tx_info reads as one.
    static func hash(txType: Int, txInfoJSON: String) -> String? {
        guard let f = fields(txInfoJSON) else { return nil }
        switch txType {
        case Int(LighterSigner.CreateOrderTx.txType): return createOrder(f).map { ByteEncoding.hex($0.messageHash(chainId: chainID).bytesLE) }
        case Int(LighterSigner.CancelOrderTx.txType): return cancelOrder(f).map { ByteEncoding.hex($0.messageHash(chainId: chainID).bytesLE) }
        case Int(LighterSigner.CancelAllOrdersTx.txType): return cancelAll(f).map { ByteEncoding.hex($0.messageHash(chainId: chainID).bytesLE) }
        default: return nil
        }
    }

    /// Signs a create-order tx_info again with `signer` (the account script builds unsigned ones).
    static func resign(txInfoJSON: String, with signer: TransactionSigner) -> String? {
        guard let f = fields(txInfoJSON), let tx = createOrder(f) else { return nil }
        return signer.sign(tx).txInfo
    }
}
