import Foundation
import LighterClient
import Journaling
import LighterProtocol
import StreamKit
import Logging
import Synchronization

/// Runs a stream client and shows what it sees: one refreshing status line on a terminal,
/// plain lines otherwise. Ends on SIGINT/SIGTERM or after `seconds`.
struct WatchRunner {
    let client: LighterStreamClient
    let symbol: String
    let seconds: Int?
    /// Print every event as a line even on a terminal (the demo does, beside its log).
    let plainLines: Bool
    /// Sees every event first (the demo starts its trading on the first confirmation).
    var observer: (@Sendable (StreamEvent) -> Void)?

    final class Tally: Sendable {
        struct State {
            var bid: PriceLevel?
            var ask: PriceLevel?
            var fills: [FillEvent] = []
            var reconnects = 0
            var resyncs = 0
            var serverErrors: [ErrorFrame] = []
            var subscriptions: [StreamChannel: SubscriptionState] = [:]
            /// Channels confirmed at least once during the run.
            var everConfirmed: Set<StreamChannel> = []
            var lastStatusLine = ContinuousClock.now - .seconds(1)
            var blind = BlindTally()
            var streamGaps = 0
            var origin: JournalOrigin?

            /// Blind time so far, a spell still open included.
            var blindTime: Duration { blind.time }
            var everBlind: Bool { blind.ever }
        }
        let state = Mutex(State())
    }

    /// Returns the tally once the run ends.
    func run() async throws -> Tally.State {
        let tally = Tally()
        let interactive = isatty(STDOUT_FILENO) == 1 && !plainLines
        let symbol = self.symbol
        let observer = self.observer
        let onEvent: @Sendable (StreamEvent) -> Void = { event in
            observer?(event)
            let line: String? = tally.state.withLock { state in
                switch event {
                case .book(let book):
                    state.bid = book.bestBid
                    state.ask = book.bestAsk
                    return nil
                case .fill(let fill):
                    state.fills.append(fill)
                    let average = fill.averagePrice.map { " avg \($0)" } ?? ""
                    let status = TextSanitizer.forDisplay(fill.status ?? "?", limit: 40)
                    return "FILL \(fill.side) \(fill.size) \(symbol) @ \(fill.price) (order \(fill.orderIndex), filled \(fill.cumulativeFilled)\(average), \(status), via \(fill.source.rawValue)\(fill.recovered ? ", recovered" : ""))"
                case .reconnecting(let after, let attempt, let cause):
                    state.reconnects += 1
                    return "reconnecting in \(after) ms (attempt \(attempt)): \(TextSanitizer.forDisplay(cause, limit: 300))"
                case .connectFailed(let failure):
                    return "connect failed (\(failure.kind)): \(TextSanitizer.forDisplay(failure.detail, limit: 300))"
                case .bookResync(let market, let expected, let received):
                    state.resyncs += 1
                    return "book gap on market \(market) (expected begin_nonce \(expected), got \(received.map(String.init) ?? "none")): resubscribing the book"
                case .serverError(let error):
                    state.serverErrors.append(error)
                    return "server error \(error.code.map(String.init) ?? "(no code)"): \(TextSanitizer.forDisplay(error.message, limit: 300))"
                case .subscription(let channel, let subscriptionState):
                    state.subscriptions[channel] = subscriptionState
                    if subscriptionState.isConfirmed { state.everConfirmed.insert(channel) }
                    switch subscriptionState {
                    case .confirmed, .errored, .unconfirmed: return "\(TextSanitizer.forDisplay(channel.subscribeName, limit: 100)): \(subscriptionState)"
                    default: return nil
                    }
                case .authTokenFailed(let reason):
                    return "auth token failed: \(TextSanitizer.forDisplay(reason, limit: 300)); account updates need a token"
                case .reconciled(let checked, let recovered):
                    return recovered == 0 ? nil : "reconciled through REST: \(checked) orders checked, \(recovered) fills recovered"
                case .connected(let session):
                    return "connected (session \(TextSanitizer.forDisplay(session, limit: 80)))"
                case .historyOrigin(let origin, _):
                    state.origin = origin
                    return nil
                case .accountStreamGap(let order, let channel, let age):
                    state.streamGaps += 1
                    return "ACCOUNT STREAM GAP: a fill of order \(order) was found only through REST; \(channel) \(age.map { "last frame \($0 / 1000) s ago" } ?? "no frame yet"); resubscribing"
                case .blind(let reason, let forMs):
                    state.blind.blind(reason: reason, forMs: forMs)
                    return "BLIND for \(forMs / 1000) s: no fill source alive (\(TextSanitizer.forDisplay(reason, limit: 300))); fills made now go unseen until one returns"
                case .sightRestored(let blindMs):
                    state.blind.restored()
                    return "fill source back after \(blindMs / 1000) s blind; reconciling what it missed"
                case .connecting, .disconnected, .health, .order:
                    return nil
                }
            }
            Terminal.show(line, interactive: interactive) {
                tally.state.withLock { state in
                    guard line != nil || ContinuousClock.now - state.lastStatusLine >= .milliseconds(250) else { return nil }
                    state.lastStatusLine = ContinuousClock.now
                    return Self.statusLine(state, symbol: symbol)
                }
            }
        }
        let client = self.client
        let seconds = self.seconds
        try await WatchLoop.run(seconds: seconds) { try await client.run(onEvent: onEvent) }
        if interactive { Terminal.endStatus() }
        return tally.state.withLock { $0 }
    }

    static func statusLine(_ state: Tally.State, symbol: String) -> String {
        let bid = state.bid.map { "\($0.price)" } ?? "-"
        let ask = state.ask.map { "\($0.price)" } ?? "-"
        let subs = state.subscriptions.sorted { $0.key.subscribeName < $1.key.subscribeName }
            .map { "\($0.key.subscribeName)=\($0.value)" }.joined(separator: " ")
        let blind = state.blind.reason.map { _ in "BLIND | " } ?? ""
        return "\(blind)\(symbol) bid \(bid) / ask \(ask) | fills \(state.fills.count) | reconnects \(state.reconnects) | \(subs)"
    }
}

/// Output for people: a status line that refreshes in place, and lines printed above it. All of
/// it goes through a `QueuedWriter`, so a terminal that stops reading never stalls the client.
enum Terminal {
    private static let used = Mutex(false)

    private static let shared = QueuedWriter { StandardStreams.out($0) }

    private static var queue: QueuedWriter {
        used.withLock { $0 = true }
        return shared
    }

    static func printLine(_ line: String) {
        queue.write(line + "\n")
    }

    static func printAbove(_ line: String) {
        queue.write("\r\u{1B}[2K" + line + "\n")
    }

    static func status(_ line: String) {
        queue.setStatus("\r\u{1B}[2K" + String(line.prefix(200)))
    }

    /// An event's line: above the refreshing status line on a terminal, plain otherwise;
    /// `status` gives the new status line, or nil when it need not be redrawn.
    static func show(_ line: String?, interactive: Bool, status: () -> String?) {
        guard interactive else {
            if let line { printLine(line) }
            return
        }
        let text = status()
        if let line { printAbove(line) }
        if let text { Terminal.status(text) }
    }

    static func endStatus() {
        queue.write("\n")
    }

    /// Waits (briefly) for queued output to be written: before the process exits.
    static func flush() {
        if used.withLock({ $0 }) { shared.flush() }
    }
}

/// Echoes log lines to standard output through the output queue: a blocked terminal must not
/// block the logger, which the stream client calls on its own loop.
struct QueuedOutputSink: LogSink {
    /// On a terminal a status line may be showing: the log line replaces it, and the status is
    /// drawn again under it at its next refresh.
    static let interactive = isatty(STDOUT_FILENO) == 1

    func write(line: String) { Self.interactive ? Terminal.printAbove(line) : Terminal.printLine(line) }
}
