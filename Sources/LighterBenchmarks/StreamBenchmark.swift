import Foundation
import LighterClient
import LighterProtocol
import Logging
import StreamKit
import Synchronization
import WSClient

/// CPU per frame of the stream client following one market's book at the rate a simulator
/// sends it, beside a bare WSClient socket on the same stream that only counts its frames:
/// each for a while, in turns, in this process (the simulator runs in another).
public enum StreamBenchmark {
    /// One turn of one reader.
    public struct Turn: Sendable {
        /// `bare socket` or `stream client`.
        public var name: String
        /// Frames it received.
        public var frames: Int
        /// CPU seconds the process used meanwhile (user + system).
        public var cpuSeconds: Double

        /// CPU microseconds a frame.
        public var microsecondsPerFrame: Double { frames == 0 ? 0 : cpuSeconds * 1e6 / Double(frames) }
    }

    /// Every turn, and the text the CLI prints.
    public struct Report: Sendable {
        /// Every turn, in the order run.
        public var turns: [Turn]
        /// The medians of each reader and their ratio.
        public var summary: String
    }

    static let bareName = "bare socket (counts frames)"
    static let bareOnLoopName = "bare socket on its event loop"
    static let clientName = "stream client (book kept)"

    /// - Parameters:
    ///   - url: a simulator's stream (`lighter-hedge sim --updates-per-second N`).
    ///   - seconds: how long each turn reads.
    ///   - turns: turns of each reader, alternating, so that a change in the machine's load falls on both.
    public static func run(url: String, market: Int, seconds: Int, turns: Int,
                           progress: @Sendable (String) -> Void) async throws -> Report {
        var done: [Turn] = []
        for _ in 0..<turns {
            for name in [bareName, bareOnLoopName, clientName] {
                let turn = name == clientName
                    ? try await streamClient(url: url, market: market, seconds: seconds)
                    : try await bareSocket(url: url, market: market, seconds: seconds, onLoop: name == bareOnLoopName)
                progress(line(turn))
                done.append(turn)
            }
        }
        let bare = median(done.filter { $0.name == bareName })
        let bareOnLoop = median(done.filter { $0.name == bareOnLoopName })
        let client = median(done.filter { $0.name == clientName })
        let summary = """
            CPU µs a frame, medians of \(turns) turns of \(seconds) s at the simulator's rate:
              \(bareName): \(String(format: "%.1f", bare))
              \(bareOnLoopName): \(String(format: "%.1f", bareOnLoop))
              \(clientName): \(String(format: "%.1f", client)) (\(String(format: "%.2f", client / max(bare, 0.001)))x the bare socket, \(String(format: "%.2f", client / max(bareOnLoop, 0.001)))x on its loop)
            target: under 10 µs a frame
            """
        return Report(turns: done, summary: summary)
    }

    static func line(_ turn: Turn) -> String {
        "\(turn.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(turn.frames) frames, \(String(format: "%.2f", turn.cpuSeconds)) s CPU, \(String(format: "%.1f", turn.microsecondsPerFrame)) µs a frame"
    }

    static func median(_ turns: [Turn]) -> Double {
        let values = turns.map(\.microsecondsPerFrame).sorted()
        guard !values.isEmpty else { return 0 }
        return values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
    }

    /// WSClient as its README shows it: subscribe, then count every frame that arrives. With
    /// `onLoop`, the reading task runs on the connection's event loop, as the stream client's do.
    static func bareSocket(url: String, market: Int, seconds: Int, onLoop: Bool) async throws -> Turn {
        let executor = EventLoopTaskExecutor.next()
        return try await turn(onLoop ? bareOnLoopName : bareName, seconds: seconds) { counted in
            try await withTaskExecutorPreference(onLoop ? executor : nil) {
                _ = try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 20),
                                                  eventLoopGroup: executor.loop, logger: Logger(label: "bench.bare")) { inbound, outbound, _ in
                    try await outbound.write(.text(#"{"type":"subscribe","channel":"order_book/\#(market)"}"#))
                    for try await _ in inbound { counted() }
                }
            }
        }
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
        let before = ProcessCPU.seconds()
        let reading = Task { try await reader { frames.value.add(1, ordering: .relaxed) } }
        try await Task.sleep(for: .seconds(seconds))
        let count = frames.value.load(ordering: .relaxed)
        let cpu = ProcessCPU.seconds() - before
        reading.cancel()
        _ = await reading.result
        return Turn(name: name, frames: count, cpuSeconds: cpu)
    }

    /// Frames counted by a reader on another task.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }
}
