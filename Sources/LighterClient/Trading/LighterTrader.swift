import Foundation
import Journaling
import LighterProtocol
import LighterSigner

/// Places and cancels orders on Lighter for one account and API key: signs with the native
/// signer, keeps the key's nonce (from `nextNonce`, counted up locally, fetched again when the
/// venue says it is wrong), and sends one transaction at a time per key so that nonces reach
/// the venue in order. It reports acceptance only: an order's fills come from the stream client.
public actor LighterTrader {
    /// The account that trades.
    public nonisolated let account: Int64
    /// The API key (0-254) whose nonces and signatures the trader uses.
    public nonisolated let apiKeyIndex: Int
    /// The venue's REST side the trader sends through.
    public nonisolated let rest: LighterREST
    let signer: TransactionSigner
    private var nextNonce: Int64?
    private var indexes = ClientOrderIndexes()
    /// One transaction in flight per key: the others wait here, in order.
    private var sending = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Sends over an open WebSocket first when given (REST when no socket is open).
    let socket: (any TransactionSocket)?
    /// How long an answer on the socket is waited for before the outcome counts as unknown.
    let socketTimeout: Duration

    /// - Parameters:
    ///   - socket: the stream client, to send over its open connection (`jsonapi/sendtx`).
    public init(rest: LighterREST, privateKey: LighterPrivateKey, account: Int64, apiKeyIndex: Int, chainId: UInt32 = 304,
                socket: (any TransactionSocket)? = nil, socketTimeout: Duration = .seconds(5)) {
        self.rest = rest
        self.socket = socket
        self.socketTimeout = socketTimeout
        self.signer = TransactionSigner(privateKey: privateKey, chainId: chainId)
        self.account = account
        self.apiKeyIndex = apiKeyIndex
    }

    /// A fresh client order index, unique across runs.
    public func newClientOrderIndex() -> Int64 { indexes.next(nowMs: WallClock.nowMilliseconds()) }

    /// Signs and sends a create-order transaction.
    public func place(_ request: OrderRequest) async throws(TradeError) -> PlacedOrder {
        guard (1_000...OrderRequest.defaultValidForMs).contains(request.validForMs) else {
            throw .invalid("a transaction's validity must be 1 s to 599 s, not \(request.validForMs) ms")
        }
        guard (0...254).contains(apiKeyIndex), let market = Int16(exactly: request.market.id) else {
            throw .invalid("API key index 0-254 and a market id that fits the wire format")
        }
        let decimals = (size: request.market.sizeDecimals, price: request.market.priceDecimals)
        guard request.size > .zero, let base = request.size.scaledInteger(decimals: decimals.size) else {
            throw .invalid("size \(request.size) is not a positive amount with at most \(decimals.size) decimals")
        }
        if let minimum = request.market.minBaseAmount, request.size < minimum {
            throw .invalid("size \(request.size) is below the market's minimum \(minimum)")
        }
        guard request.price > .zero, let scaled = request.price.scaledInteger(decimals: decimals.price),
              let price = UInt32(exactly: scaled) else {
            throw .invalid("price \(request.price) is not a positive price with at most \(decimals.price) decimals")
        }
        let clientIndex = request.clientOrderIndex ?? newClientOrderIndex()
        let nowMs = WallClock.nowMilliseconds()
        let (tif, expiry): (UInt8, Int64) = switch request.timeInForce {
        case .immediateOrCancel: (0, 0)
        case .goodTillTime(let at): (1, at ?? nowMs + 28 * 86_400_000)
        case .postOnly(let at): (2, at ?? nowMs + 28 * 86_400_000)
        }
        let template = CreateOrderTx(accountIndex: account, apiKeyIndex: UInt8(apiKeyIndex), marketIndex: market,
                                     clientOrderIndex: clientIndex, baseAmount: base, price: price,
                                     isAsk: request.isAsk ? 1 : 0, type: request.kind == .market ? 1 : 0,
                                     timeInForce: tif, reduceOnly: request.reduceOnly ? 1 : 0, triggerPrice: 0,
                                     orderExpiry: expiry, expiredAt: nowMs + request.validForMs, nonce: 0)
        if let problem = template.signerRuleViolation { throw .invalid(problem) }
        return try await submit(clientOrderIndex: clientIndex) { nonce in
            var tx = template
            tx.nonce = nonce
            tx.expiredAt = WallClock.nowMilliseconds() + request.validForMs
            return self.signer.sign(tx)
        }
    }

    /// Signs and sends a cancel of one order (by its exchange order index).
    public func cancel(market: Int, orderIndex: Int64) async throws(TradeError) -> PlacedOrder {
        guard (0...254).contains(apiKeyIndex), let marketIndex = Int16(exactly: market) else {
            throw .invalid("API key index 0-254 and a market id that fits the wire format")
        }
        return try await submit(clientOrderIndex: 0) { nonce in
            self.signer.sign(CancelOrderTx(accountIndex: self.account, apiKeyIndex: UInt8(self.apiKeyIndex), marketIndex: marketIndex,
                                           index: orderIndex, expiredAt: WallClock.nowMilliseconds() + 599_000, nonce: nonce))
        }
    }

    /// Sends with the key's next nonce; on the venue's nonce error, fetches the nonce again
    /// and tries once more. No answer leaves the nonce unknown (the transaction may have
    /// landed): the next send asks the venue first.
    private func submit(clientOrderIndex: Int64,
                        _ sign: @Sendable (Int64) -> SignedTransaction) async throws(TradeError) -> PlacedOrder {
        await acquire()
        defer { release() }
        for attempt in 1...2 {
            let nonce: Int64
            do { nonce = try await currentNonce() } catch {
                throw .unknownOutcome(clientOrderIndex: clientOrderIndex, reason: "no nonce: \(error)")
            }
            let signed = sign(nonce)
            if let socket {
                switch await socket.sendTransaction(txType: Int(signed.txType), txInfo: signed.txInfo, timeout: socketTimeout) {
                case .accepted(let hash, let predicted):
                    nextNonce = nonce + 1
                    return PlacedOrder(clientOrderIndex: clientOrderIndex, nonce: nonce, txHash: hash,
                                       predictedExecutionTimeMs: predicted, route: .socket)
                case .rejected(let code, let message):
                    if code.isNonceProblem && attempt == 1 {
                        nextNonce = nil
                        continue
                    }
                    throw .rejected(code, message: message)
                case .unknown(let reason):
                    nextNonce = nil
                    throw .unknownOutcome(clientOrderIndex: clientOrderIndex, reason: reason)
                case .notSent:
                    break  // No socket open: REST below.
                }
            }
            do {
                let receipt = try await rest.sendTx(txType: Int(signed.txType), txInfo: signed.txInfo)
                nextNonce = nonce + 1
                return PlacedOrder(clientOrderIndex: clientOrderIndex, nonce: nonce, txHash: receipt.txHash,
                                   predictedExecutionTimeMs: receipt.predictedExecutionTimeMs, route: .rest)
            } catch let error as LighterREST.RequestError {
                guard let code = error.code else {
                    nextNonce = nil
                    throw .unknownOutcome(clientOrderIndex: clientOrderIndex, reason: error.description)
                }
                if code.isNonceProblem && attempt == 1 {
                    nextNonce = nil
                    continue
                }
                // A refused transaction does not use its nonce.
                throw .rejected(code, message: error.description)
            } catch {
                nextNonce = nil
                throw .unknownOutcome(clientOrderIndex: clientOrderIndex, reason: "\(error)")
            }
        }
        throw .rejected(.invalidNonce, message: "the venue refused the nonce twice")
    }

    private func currentNonce() async throws -> Int64 {
        if let nextNonce { return nextNonce }
        let fetched = try await rest.nextNonce(account: account, apiKeyIndex: apiKeyIndex)
        nextNonce = fetched
        return fetched
    }

    private func acquire() async {
        guard sending else { sending = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { sending = false } else { waiting.removeFirst().resume() }
    }
}
