import ArgumentParser
import Foundation
import LighterBenchmarks

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the hot paths. Build with -c release for figures that mean anything.",
        subcommands: [BookBench.self, BackpackDepthBench.self, ReplayBench.self, DoctorBench.self, SignerBench.self, HedgeBench.self,
                      StreamBench.self, LatencyBench.self])

    /// Figures from a debug build are many times slower and mean nothing.
    static func warnIfDebugBuild() {
        #if DEBUG
        print("warning: this is a debug build; figures are many times slower than release (swift run -c release ...)")
        #endif
    }

    struct BookBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "book",
            abstract: "Decode and apply order-book update frames; compare with Foundation's JSONDecoder.",
            discussion: """
            Generates a chained stream of update/order_book frames (as the simulator writes them), \
            then times, on one core: (1) the hand-written decoder plus OrderBook.apply, and (2) the \
            baseline, JSONDecoder into Codable structs plus the same apply. Reports frames per second, \
            MB/s and the ratio between the two, measured in the same run.
            """)

        @OptionGroup var options: DecodeApplyOptions

        func run() async throws {
            BenchCommand.warnIfDebugBuild()
            let report = BookBenchmark.run(frames: options.frames, levels: options.levels,
                                           baselineFrames: options.baselineFrames, runs: options.runs) { line in
                print(line)
            }
            print(report.summary)
        }
    }

    struct BackpackDepthBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backpack-depth",
            abstract: "Decode and apply Backpack depth frames; compare with Foundation's JSONDecoder.",
            discussion: """
            Generates a chained stream of depth.<symbol> frames (U == previous u + 1, padded decimals, \
            as the venue and the simulator write them), then times, on one core: (1) the byte decoder \
            plus BackpackOrderBook.apply with its continuity check, and (2) the baseline, JSONDecoder \
            into Codable structs plus the same apply. Reports frames per second, MB/s and the ratio.
            """)

        @OptionGroup var options: DecodeApplyOptions

        func run() async throws {
            BenchCommand.warnIfDebugBuild()
            let report = BackpackDepthBenchmark.run(frames: options.frames, levels: options.levels,
                                                    baselineFrames: options.baselineFrames, runs: options.runs) { print($0) }
            print(report.summary)
        }
    }

    struct ReplayBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Write a recording and a raw capture of N frames, then replay each; compare with reading it only, one thread and JSONSerialization.",
            discussion: """
            The recording is ours (two markets' books, 2 levels a frame, account updates every 1,000 \
            frames); the capture is one raw frame a line of one market's book (60 levels a side, 1-3 \
            changed levels a frame). With --write-capture FILE only the capture is written, for \
            `lighter-hedge replay FILE`.
            """)

        @Option(help: "Frames in the generated recording and capture.")
        var frames = 1_000_000

        @Option(help: "Only write the raw capture to this file (then replay it with `lighter-hedge replay`).")
        var writeCapture: String?

        @Option(help: "Frames for the JSONSerialization baseline (a sample is enough).")
        var baselineFrames = 200_000

        func validate() throws {
            guard (1_000...50_000_000).contains(frames) else { throw ValidationError("--frames must be 1000 to 50,000,000") }
            guard (100...frames).contains(baselineFrames) else { throw ValidationError("--baseline-frames must be 100 to --frames") }
        }

        func run() async throws {
            if let writeCapture {
                try ReplayBenchmark.writeCapture(path: writeCapture, count: frames)
                print("wrote \(frames) frames to \(writeCapture)")
                return
            }
            BenchCommand.warnIfDebugBuild()
            let report = try ReplayBenchmark.run(frames: frames, serializationFrames: baselineFrames) { print($0) }
            print(report.summary)
        }
    }

    struct DoctorBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "doctor's rules over a log in memory on one core, and over the file on every core, beside counting 'Order FILLED' lines.",
            discussion: """
            For profiling doctor without process start or the page cache in the figure (perf record … \
            bench doctor FILE). The command against grep itself is scripts/bench-doctor.sh.
            """)

        @Argument(help: "A log file (read into memory whole).")
        var file: String

        @Option(help: "Timed runs; the best of each is reported.")
        var runs = 5

        @Option(help: "Threads for the file read (default: every core).")
        var workers = ProcessInfo.processInfo.activeProcessorCount

        func validate() throws {
            guard (1...100).contains(runs) else { throw ValidationError("--runs must be 1 to 100") }
            guard (1...256).contains(workers) else { throw ValidationError("--workers must be 1 to 256") }
        }

        func run() async throws {
            BenchCommand.warnIfDebugBuild()
            print(try DoctorBenchmark.run(path: file, runs: runs, workers: workers) { print($0) }.summary)
        }
    }

    struct SignerBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signer",
            abstract: "Microseconds per auth token and per create-order signature, beside the Poseidon2 hash alone.")

        @Option(help: "Operations per timed run.")
        var iterations = 2000

        func validate() throws {
            guard (10...1_000_000).contains(iterations) else { throw ValidationError("--iterations must be 10 to 1,000,000") }
        }

        func run() async throws {
            BenchCommand.warnIfDebugBuild()
            print(SignerBenchmark.run(iterations: iterations) { print($0) })
        }
    }

    struct HedgeBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hedge",
            abstract: "Time from a maker fill handed to the hedge engine to its hedge handed to the venue adapter.",
            discussion: """
            In process: the engine's decision, the SQLite ledger commit and the hand-off, for each of \
            --fills partial fills of a resting quote (each hedged by one IOC, answered before the next \
            fill). Reported as p50/p99/p999 from an HDR histogram, for the decision alone, the ledger \
            with synchronous=NORMAL (no fsync per commit) and with synchronous=FULL (an fsync per \
            commit, the engine's default). The ledger files go to --dir: its disk's fsync is measured.
            """)

        @Option(help: "Maker fills to time.")
        var fills = 10_000

        @Option(help: "Directory for the ledger files.")
        var dir = FileManager.default.temporaryDirectory.path

        func validate() throws {
            guard (1_000...1_000_000).contains(fills) else { throw ValidationError("--fills must be 1000 to 1,000,000") }
        }

        func run() async throws {
            BenchCommand.warnIfDebugBuild()
            let report = try await HedgeBenchmark.run(fills: fills, directory: dir) { print($0) }
            print(report.summary)
        }
    }

    struct StreamBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stream",
            abstract: "CPU µs per frame of the stream client on one market's book at a fixed rate, beside sockets that only count frames.",
            discussion: """
            Starts this program's simulator as a child process (one market, --rate book updates a \
            second), so that its CPU is not counted, then alternates --turns turns of --seconds \
            each of five readers subscribed to the book: the kernel's floor (a plain socket, one \
            poll and one read a frame, no event loop), a bare WSClient socket that only counts its \
            frames (off and on its event loop), the client's own socket alone (counts what its \
            inbox hands over: the floor under the client), and the stream client following the \
            book. Reports the process's CPU per frame received, user and system apart (at one \
            wake-up a frame the kernel's part is alike for all), for each turn and as medians. \
            --url reads another simulator instead.
            """)

        @Option(help: "Book updates a second the simulator sends.")
        var rate = 1000

        @Option(help: "Seconds each turn reads.")
        var seconds = 10

        @Option(help: "Turns of each reader.")
        var turns = 3

        @Option(help: "A running simulator's stream instead of a child one (its market 0 is read).")
        var url: String?

        func validate() throws {
            guard (1...1000).contains(rate) else { throw ValidationError("--rate must be 1 to 1000") }
            guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be 1 to 600") }
            guard (1...20).contains(turns) else { throw ValidationError("--turns must be 1 to 20") }
        }

        func run() async throws {
            BenchCommand.warnIfDebugBuild()
            let child = url == nil ? try ChildSimulator(arguments: ["--markets", "ETH", "--updates-per-second", String(rate)]) : nil
            // A signal to this process alone (kill PID) must not leave the simulator running.
            let signals = Task {
                guard await TerminationSignal.wait() != nil else { return }
                child?.stop()
                Foundation.exit(130)
            }
            defer {
                signals.cancel()
                child?.stop()
            }
            guard let stream = url ?? child?.url else { return }
            print("reading \(stream)")
            let report = try await StreamBenchmark.run(url: stream, market: 0, seconds: seconds, turns: turns) { print($0) }
            print(report.summary)
        }
    }

    struct LatencyBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "latency",
            abstract: "Time from a fill's frame leaving the simulator to the stream client's handler, the fill journaled; beside a bare WebSocket round trip.",
            discussion: """
            In process, over loopback: the simulator, and the stream client following an account \
            with its fill journal in --dir (an fsync per fill). IOC orders that cross the book are \
            placed one at a time (alternately buying and selling); for each fill the clock runs \
            from the simulator handing the first account frame of that fill to its socket writer \
            to the client's handler being called with the fill, after the journal's fsync. Beside \
            it, the round trip of an app ping from a bare WSClient socket to the same simulator. \
            Reported as p50/p99/p999/max from HDR histograms.
            """)

        @Option(help: "Fills to time (after 200 of warm-up).")
        var fills = 10_000

        @Option(help: "Directory for the fill journal.")
        var dir = FileManager.default.temporaryDirectory.path

        @Option(help: "Book updates a second meanwhile, on each of the simulator's markets.")
        var rate = 100

        func validate() throws {
            guard (100...1_000_000).contains(fills) else { throw ValidationError("--fills must be 100 to 1,000,000") }
            guard (1...1000).contains(rate) else { throw ValidationError("--rate must be 1 to 1000") }
        }

        func run() async throws {
            BenchCommand.warnIfDebugBuild()
            let report = try await LatencyBenchmark.run(fills: fills, directory: dir, updatesPerSecond: rate) { print($0) }
            print(report.summary)
        }
    }
}
