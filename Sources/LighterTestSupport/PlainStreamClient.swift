import Foundation
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import WSClient

/// A plain WebSocket client for tests: it records every text frame and knows nothing of
/// Lighter beyond the decoder. The real client is tested elsewhere.
public final class PlainStreamClient: Sendable {
    private let outbound: WebSocketOutboundWriter
    private let task: Task<Void, Never>

    struct State {
        /// Every text frame received, in order.
        public var texts: [String] = []
        var binaryCount = 0
        var finished = false
        /// The close frame's code, once closed.
        public var closeCode: Int?
        /// The close frame's reason, once closed.
        public var closeReason: String?
        var failure: String?
    }

    private init(outbound: WebSocketOutboundWriter, task: Task<Void, Never>, sharing box: StateBox) {
        self.outbound = outbound
        self.task = task
        self.box = box
    }

    private let box: StateBox

    final class StateBox: Sendable {
        let state = Mutex(State())
    }

    /// Connects and returns once the upgrade succeeded; throws when it is refused.
    public static func connect(_ url: String) async throws -> PlainStreamClient {
        let box = StateBox()
        let (writers, writerContinuation) = AsyncThrowingStream<WebSocketOutboundWriter, Error>.makeStream()
        var logger = Logger(label: "plain-client")
        logger.logLevel = .critical
        let task = Task {
            do {
                let close = try await WebSocketClient.connect(
                    url: url, configuration: .init(maxFrameSize: 1 << 24), logger: logger
                ) { inbound, outbound, _ in
                    writerContinuation.yield(outbound)
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        switch message {
                        case .text(let text): box.state.withLock { $0.texts.append(text) }
                        case .binary: box.state.withLock { $0.binaryCount += 1 }
                        }
                    }
                }
                box.state.withLock {
                    $0.closeCode = close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }
                    $0.closeReason = close?.reason
                    $0.finished = true
                }
                writerContinuation.finish()
            } catch {
                box.state.withLock { $0.failure = String(describing: error); $0.finished = true }
                writerContinuation.finish(throwing: error)
            }
        }
        var iterator = writers.makeAsyncIterator()
        guard let outbound = try await iterator.next() else {
            throw HarnessError("connection ended before the upgrade: \(box.state.withLock { $0.failure ?? "" })")
        }
        return PlainStreamClient(outbound: outbound, task: task, sharing: box)
    }

    /// Sends a text frame as it is.
    public func send(_ text: String) async throws { try await outbound.write(.text(text)) }
    /// Sends a binary frame.
    public func sendBinary(_ bytes: [UInt8]) async throws { try await outbound.write(.binary(ByteBuffer(bytes: bytes))) }
    /// Sends a client message, encoded as the client does.
    public func send(_ message: ClientMessage) async throws { try await send(ClientMessageCodec.encode(message)) }
    /// Closes normally and waits for the connection to end.
    public func close() async {
        try? await outbound.close(.normalClosure, reason: nil)
        _ = await task.value
    }

    /// Every text frame received so far.
    public var texts: [String] { box.state.withLock { $0.texts } }
    /// The received frames that decode.
    public var frames: [ServerFrame] { texts.compactMap { try? FrameDecoder.decode($0) } }
    /// The connection has ended.
    public var isFinished: Bool { box.state.withLock { $0.finished } }
    /// The close frame's code, once closed.
    public var closeCode: Int? { box.state.withLock { $0.closeCode } }
    /// The close frame's reason, once closed.
    public var closeReason: String? { box.state.withLock { $0.closeReason } }

    /// Waits until a decoded frame satisfies `match` (searching from frame `after`), up to `seconds`.
    @discardableResult
    public func waitFor(_ what: String, seconds: Double = 5, after: Int = 0,
                 _ match: (ServerFrame) -> Bool) async throws -> ServerFrame {
        try await waitFor(what, seconds: seconds, after: after, decode: { try? FrameDecoder.decode($0) }, match)
    }

    /// Waits until a frame, read with `decode` (another venue's decoder), satisfies `match`.
    @discardableResult
    public func waitFor<Frame>(_ what: String, seconds: Double = 5, after: Int = 0, decode: (String) -> Frame?,
                               _ match: (Frame) -> Bool) async throws -> Frame {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var checked = after
        while ContinuousClock.now < deadline {
            let texts = self.texts
            while checked < texts.count {
                if let frame = decode(texts[checked]), match(frame) { return frame }
                checked += 1
            }
            if isFinished { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError("no frame: \(what) within \(seconds)s; got \(texts.count) frames, last: \(texts.suffix(3))")
    }

    /// Waits until the connection has ended.
    public func waitUntilFinished(seconds: Double = 5) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !isFinished {
            guard ContinuousClock.now < deadline else { throw HarnessError("connection still open after \(seconds)s") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
