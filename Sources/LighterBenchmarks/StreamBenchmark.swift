import Foundation
import LighterClient
import LighterProtocol
import Logging
import NIOCore
import NIOPosix
import StreamKit
import Synchronization
import WSClient

/// CPU per frame of the stream client following one market's book at the rate a simulator
/// sends it, beside readers of the same stream that only count frames: the kernel's floor (a
/// plain socket, no event loop), a bare WSClient socket (off and on its event loop) and our
/// own socket alone (the floor under the client). Each
/// reads for a while, in turns, in this process (the simulator runs in another). User and
/// system time are told apart: at one wake-up a frame, the kernel's part is the same for all.
public enum StreamBenchmark {
    /// One turn of one reader.
    public struct Turn: Sendable {
        /// Which reader.
        public var name: String
        /// Frames it received.
        public var frames: Int
        /// CPU seconds the process used meanwhile in user space.
        public var userSeconds: Double
        /// CPU seconds the kernel used for the process meanwhile.
        public var systemSeconds: Double

        /// CPU microseconds a frame, user and system.
        public var microsecondsPerFrame: Double { perFrame(userSeconds + systemSeconds) }
        /// User-space CPU microseconds a frame.
        public var userMicrosecondsPerFrame: Double { perFrame(userSeconds) }
        /// Kernel CPU microseconds a frame.
        public var systemMicrosecondsPerFrame: Double { perFrame(systemSeconds) }

        func perFrame(_ seconds: Double) -> Double { frames == 0 ? 0 : seconds * 1e6 / Double(frames) }
    }

    /// Every turn, and the text the CLI prints.
    public struct Report: Sendable {
        /// Every turn, in the order run.
        public var turns: [Turn]
        /// The medians of each reader and their ratio.
        public var summary: String
    }

    static let wsClientName = "WSClient socket (counts)"
    static let wsClientOnLoopName = "WSClient socket on its loop"
    static let ownSocketName = "our socket alone (counts)"
    static let clientName = "stream client (book kept)"
    static let floorName = "kernel floor (poll + read)"
    static let nioName = "NIO channel alone (counts)"

    /// - Parameters:
    ///   - url: a simulator's stream (`lighter-hedge sim --updates-per-second N`).
    ///   - seconds: how long each turn reads.
    ///   - turns: turns of each reader, alternating, so that a change in the machine's load falls on all.
    public static func run(url: String, market: Int, seconds: Int, turns: Int,
                           progress: @Sendable (String) -> Void) async throws -> Report {
        let endpoint = try VenueEndpoint(parsing: url, schemes: ("wss", "ws"))
        var done: [Turn] = []
        for _ in 0..<turns {
            for name in [floorName, nioName, wsClientName, wsClientOnLoopName, ownSocketName, clientName] {
                let turn: Turn
                switch name {
                case floorName: turn = try await kernelFloor(endpoint, market: market, seconds: seconds)
                case nioName: turn = try await nioChannel(endpoint, market: market, seconds: seconds)
                case clientName: turn = try await streamClient(url: url, market: market, seconds: seconds)
                case ownSocketName: turn = try await ownSocket(endpoint, market: market, seconds: seconds)
                default: turn = try await wsClientSocket(url: url, market: market, seconds: seconds, onLoop: name == wsClientOnLoopName)
                }
                progress(line(turn))
                done.append(turn)
            }
        }
        func medians(_ name: String) -> (total: Double, user: Double, system: Double) {
            let mine = done.filter { $0.name == name }
            return (median(mine.map(\.microsecondsPerFrame)), median(mine.map(\.userMicrosecondsPerFrame)),
                    median(mine.map(\.systemMicrosecondsPerFrame)))
        }
        func row(_ name: String) -> String {
            let m = medians(name)
            return "  \(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(format(m.total)) (user \(format(m.user)), system \(format(m.system)))"
        }
        let client = medians(clientName)
        let own = medians(ownSocketName)
        let wsClient = medians(wsClientName)
        let floor = medians(floorName)
        let nio = medians(nioName)
        let summary = """
            CPU µs a frame, medians of \(turns) turns of \(seconds) s at the simulator's rate:
            \(row(floorName))
            \(row(nioName))
            \(row(wsClientName))
            \(row(wsClientOnLoopName))
            \(row(ownSocketName))
            \(row(clientName))
              the client: \(String(format: "%.2f", client.total / max(wsClient.total, 0.001)))x the WSClient socket, \
            \(String(format: "%.2f", client.total / max(own.total, 0.001)))x our socket alone, \
            \(String(format: "%.2f", client.total / max(floor.total, 0.001)))x the kernel floor
              NIO's event loop and channel alone: \(String(format: "%.2f", nio.total / max(floor.total, 0.001)))x the kernel floor, \
            \(String(format: "%.2f", nio.total / max(client.total, 0.001)))x the client
            target: under 10 µs a frame
            """
        return Report(turns: done, summary: summary)
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func line(_ turn: Turn) -> String {
        "\(turn.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(turn.frames) frames, \(String(format: "%.2f", turn.userSeconds + turn.systemSeconds)) s CPU, \(format(turn.microsecondsPerFrame)) µs a frame (user \(format(turn.userMicrosecondsPerFrame)), system \(format(turn.systemMicrosecondsPerFrame)))"
    }

    static func median(_ values: [Double]) -> Double {
        let values = values.sorted()
        guard !values.isEmpty else { return 0 }
        return values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
    }

    static func subscribeBook(_ market: Int) -> String { #"{"type":"subscribe","channel":"order_book/\#(market)"}"# }

    /// WSClient as its README shows it: subscribe, then count every frame that arrives. With
    /// `onLoop`, the reading task runs on the connection's event loop.
    static func wsClientSocket(url: String, market: Int, seconds: Int, onLoop: Bool) async throws -> Turn {
        let executor = EventLoopTaskExecutor.next()
        return try await turn(onLoop ? wsClientOnLoopName : wsClientName, seconds: seconds) { counted in
            try await withTaskExecutorPreference(onLoop ? executor : nil) {
                _ = try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 20),
                                                  eventLoopGroup: executor.loop, logger: Logger(label: "bench.bare")) { inbound, outbound, _ in
                    try await outbound.write(.text(subscribeBook(market)))
                    for try await _ in inbound { counted() }
                }
            }
        }
    }

    /// `KernelFloorReader` on a thread of its own (it blocks in `poll`), counted from its subscribe on.
    static func kernelFloor(_ endpoint: VenueEndpoint, market: Int, seconds: Int) async throws -> Turn {
        let result: Result<Turn, any Error> = await withCheckedContinuation { done in
            let thread = Thread {
                done.resume(returning: Result {
                    var reader = try KernelFloorReader(host: endpoint.host, port: endpoint.port ?? 80, path: endpoint.path,
                                                       subscribe: subscribeBook(market))
                    defer { reader.close() }
                    let before = ProcessCPU.now()
                    let frames = try reader.count(for: Double(seconds))
                    let cpu = ProcessCPU.now() - before
                    return Turn(name: floorName, frames: frames, userSeconds: cpu.user, systemSeconds: cpu.system)
                })
            }
            thread.start()
        }
        return try result.get()
    }

    /// The floor reader's upgraded socket taken over by a NIO channel on an event loop, with a
    /// handler that only counts the frames in each read: what NIO's event loop and channel cost
    /// a frame before any WebSocket or session work (the client's own socket, `ownSocket`, adds
    /// its frame handler and inbox to this).
    static func nioChannel(_ endpoint: VenueEndpoint, market: Int, seconds: Int) async throws -> Turn {
        let floor = try KernelFloorReader(host: endpoint.host, port: endpoint.port ?? 80, path: endpoint.path, subscribe: nil)
        let subscribe = try KernelFloorReader.clientFrame(subscribeBook(market))
        return try await turn(nioName, seconds: seconds) { counted in
            let channel = try await ClientBootstrap(group: EventLoopTaskExecutor.next().loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(FrameCounter(counted: counted)) }
                }
                .withConnectedSocket(floor.takeDescriptor()).get()
            try await withTaskCancellationHandler {
                try await channel.writeAndFlush(ByteBuffer(bytes: subscribe))
                try await channel.closeFuture.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        }
    }

    /// Counts the text frames in what the socket reads, keeping a frame split across reads.
    final class FrameCounter: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let counted: @Sendable () -> Void
        let reader = WebSocketFrameReader(maxFrameSize: 1 << 20)
        var carry: ByteBuffer?

        init(counted: @escaping @Sendable () -> Void) { self.counted = counted }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = WebSocketFrameReader.joining(&carry, unwrapInboundIn(data))
            do {
                while let frame = try reader.read(from: &bytes) {
                    if frame.opcode == .text { counted() }
                }
            } catch {
                context.close(promise: nil)
            }
            if bytes.readableBytes > 0 { carry = bytes }
        }
    }

    /// The client's own socket and inbox with nothing behind them: subscribe, count what the
    /// inbox hands over, on the connection's event loop. What the client costs beyond this is
    /// the session's work.
    static func ownSocket(_ endpoint: VenueEndpoint, market: Int, seconds: Int) async throws -> Turn {
        let executor = EventLoopTaskExecutor.next()
        return try await turn(ownSocketName, seconds: seconds) { counted in
            await withTaskExecutorPreference(executor) {
                let inbox = SessionInbox<CountedInput>(capacity: 1024)
                let socket = Task(executorPreference: executor) {
                    await SocketPump.run(endpoint: endpoint, maxFrameSize: 1 << 20, pingInterval: .seconds(20), input: inbox,
                                         executor: executor)
                }
                defer { socket.cancel() }
                while let item = await inbox.next(), !Task.isCancelled {
                    switch item {
                    case .opened(let writer): try? await writer.write(text: subscribeBook(market))
                    case .text: counted()
                    case .ended, .failed: return
                    case .other: break
                    }
                }
            }
        }
    }

    /// What the bare reader of our socket tells apart.
    enum CountedInput: SocketInput {
        case opened(SocketWriter)
        case text
        case ended
        case failed
        case other

        var isFrame: Bool { if case .text = self { true } else { false } }
        var isTick: Bool { false }
        static func textMessage(_ bytes: ByteBuffer) -> CountedInput { .text }
        static func binary(_ count: Int) -> CountedInput { .other }
        static func ended(code: Int?, reason: String?) -> CountedInput { .ended }
        static func failed(_ failure: ConnectFailure) -> CountedInput { .failed }
        static var tick: CountedInput { .other }
    }

    /// The stream client on the book alone (no account): decode, nonce continuity, book,
    /// keep-alive and health, each book update reported as an event.
    static func streamClient(url: String, market: Int, seconds: Int) async throws -> Turn {
        let configuration = StreamClientConfiguration(url: url, market: market, account: nil)
        let logger = Logger(label: "bench.client") { _ in SwiftLogNoOpLogHandler() }
        let client = LighterStreamClient(configuration: configuration, tokens: nil, logger: logger)
        return try await turn(clientName, seconds: seconds) { counted in
            try await client.run { event in
                if case .book = event { counted() }
            }
        }
    }

    /// Runs `reader` for `seconds` and stops it: the frames it counted, and the process's CPU meanwhile.
    static func turn(_ name: String, seconds: Int,
                     _ reader: @escaping @Sendable (_ counted: @escaping @Sendable () -> Void) async throws -> Void) async throws -> Turn {
        let frames = Counter()
        let before = ProcessCPU.now()
        let reading = Task { try await reader { frames.value.add(1, ordering: .relaxed) } }
        try await Task.sleep(for: .seconds(seconds))
        let count = frames.value.load(ordering: .relaxed)
        let cpu = ProcessCPU.now() - before
        reading.cancel()
        _ = await reading.result
        return Turn(name: name, frames: count, userSeconds: cpu.user, systemSeconds: cpu.system)
    }

    /// Frames counted by a reader on another task.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }
}
