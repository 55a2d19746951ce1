import Foundation
import LighterSigner

/// Microseconds per auth token and per create-order signature, with the Poseidon2 hash of
/// the same transaction (the part every signature needs) as the in-run baseline.
public enum SignerBenchmark {
    /// Times each operation over `iterations` calls, best of three, and returns the table the CLI
    /// prints (microseconds per call).
    public static func run(iterations: Int, progress: (String) -> Void) -> String {
        let key = LighterPrivateKey.generate()
        let signer = TransactionSigner(privateKey: key, chainId: 304)
        let clock = ContinuousClock()
        let tx = CreateOrderTx(accountIndex: 12345, apiKeyIndex: 3, marketIndex: 0, clientOrderIndex: 42, baseAmount: 1000,
                               price: 300_000, isAsk: 1, type: 0, timeInForce: 1, reduceOnly: 0, triggerPrice: 0,
                               orderExpiry: 1_767_225_600_000, expiredAt: 1_795_766_957_793, nonce: 7)
        var sink = 0
        func perCall(_ name: String, _ body: () -> Void) -> Double {
            for _ in 0..<max(10, iterations / 20) { body() }  // warm-up
            var best = Double.infinity
            for _ in 0..<3 {
                let elapsed = clock.measure { for _ in 0..<iterations { body() } }
                best = min(best, elapsed.seconds * 1e6 / Double(iterations))
            }
            progress(String(format: "%@: %.2f µs", name, best))
            return best
        }
        let hash = perCall("tx hash (Poseidon2)") { sink &+= Int(tx.messageHash(chainId: 304).bytesLE[0]) }
        let token = perCall("auth token") {
            sink &+= AuthTokenSigner.make(deadline: 1_767_225_600, account: 12345, apiKeyIndex: 3, privateKey: key).utf8.count
        }
        let order = perCall("create-order signature") { sink &+= signer.sign(tx).txInfo.utf8.count }
        let sample = AuthTokenSigner.make(deadline: 1_767_225_600, account: 12345, apiKeyIndex: 3, privateKey: key)
        let verify = perCall("auth token verify") { sink &+= AuthTokenSigner.verify(token: sample, publicKey: key.publicKey) ? 1 : 0 }
        return String(format: """
            iterations: %d (best of 3)
            tx hash alone:           %7.2f µs   [baseline]
            auth token:              %7.2f µs   (%.1fx the hash)
            create-order signature:  %7.2f µs   (%.1fx the hash; anchors: Go signer 283 µs, Rust port 67.8 µs; target < 60 µs)
            auth token verify:       %7.2f µs
            (checksum %d)
            """, iterations, hash, token, token / hash, order, order / hash, verify, sink & 0xff)
    }
}
