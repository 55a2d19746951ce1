// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "LighterHedge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lighter-hedge", targets: ["LighterHedgeCLI"]),
        .library(name: "LighterProtocol", targets: ["LighterProtocol"]),
        .library(name: "LighterSimulator", targets: ["LighterSimulator"]),
        .library(name: "LighterClient", targets: ["LighterClient"]),
        .library(name: "BackpackProtocol", targets: ["BackpackProtocol"]),
        .library(name: "BackpackClient", targets: ["BackpackClient"]),
        .library(name: "BackpackSimulator", targets: ["BackpackSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", exact: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", exact: "1.6.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", exact: "0.2.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
    ],
    targets: [
        // Pure protocol values: frames, orders, the order book. No I/O.
        .target(name: "LighterProtocol"),
        // The native signer: Goldilocks, Poseidon2, ECgFp5 Schnorr; auth tokens and order transactions. No I/O.
        .target(name: "LighterSigner", dependencies: ["LighterProtocol"]),
        // Backpack's protocol as pure values: markets, depth and its continuity, orders, fills,
        // positions, every stream frame (byte-level decoder), encoders, ED25519 request signing.
        .target(name: "BackpackProtocol", dependencies: [
            "LighterProtocol",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Finds a buffer's line ends in one vector pass (C: the CPU's vector compare and bit mask).
        .target(name: "LineEnds"),
        // Reads files and pipes line by line through one bounded buffer (logs, recordings, journals).
        .target(name: "LineInput"),
        // What every venue's stream client shares: the WebSocket (our upgrade and frame reader on
        // NIO's TCP and TLS), the session's bounded inbox, connect failures told apart, backoff,
        // blindness and stream-gap bookkeeping, reconciliation progress, network text made safe
        // to print.
        .target(name: "StreamKit", dependencies: [
            "LighterProtocol",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        // The venue-independent fill journal: durable, locked, with where its history begins; the
        // per-user registry of journals; the wall clock.
        .target(name: "Journaling", dependencies: ["LineInput"]),
        // A local Lighter exchange: WebSocket stream, REST API, matching, fault injection.
        .target(name: "LighterSimulator", dependencies: [
            "LighterProtocol",
            "LighterSigner",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        // A local Backpack exchange: REST and WebSocket, matching, signed requests, faults.
        .target(name: "BackpackSimulator", dependencies: [
            "BackpackProtocol",
            "LighterProtocol",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        // The stream client: connection, subscriptions, keep-alive, fills exactly once, the guide's log.
        .target(name: "LighterClient", dependencies: [
            "LighterProtocol",
            "LighterSigner",
            "LineInput",
            "Journaling",
            "StreamKit",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        // The Backpack venue's client: signed REST with typed errors and our own rate limit, the
        // depth book kept continuous, the signed private streams, fills exactly once (journaled,
        // reconciled from the fills history), the client's log lines.
        .target(name: "BackpackClient", dependencies: [
            "BackpackProtocol",
            "LighterProtocol",
            "Journaling",
            "StreamKit",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        // Reads hedge-bot logs (ours or the reference bot's) and says which of the guide's scenarios it is.
        .target(name: "Diagnosis", dependencies: ["LighterProtocol", "LineEnds", "LineInput"]),
        // The guide's checklist, live: a venue's stream client (Lighter's or Backpack's) against an endpoint, judged as doctor does.
        .target(name: "LighterProbe", dependencies: [
            "LighterClient",
            "BackpackClient",
            "BackpackProtocol",
            "StreamKit",
            "LighterProtocol",
            "Diagnosis",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // The hedge engine: the state machine against venue protocols, its SQLite ledger and the
        // ledger's report. No I/O beyond the ledger; no venue client; metrics only through the
        // swift-metrics facade (a process that serves them bootstraps a backend).
        .target(name: "HedgeEngine", dependencies: [
            "LighterProtocol",
            "Journaling",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ]),
        // Venue adapters for the engine: Lighter as the hedge venue (trader + stream client),
        // Backpack as the maker venue (REST orders + stream client); the Prometheus `/metrics`
        // endpoint.
        .target(name: "HedgeRuntime", dependencies: [
            "HedgeEngine",
            "LighterProtocol",
            "LighterClient",
            "BackpackProtocol",
            "BackpackClient",
            "Journaling",
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Benchmarks of the hot paths, run by `lighter-hedge bench`.
        .target(name: "LighterBenchmarks", dependencies: [
            "LighterProtocol", "LighterClient", "LighterSigner", "LighterSimulator", "StreamKit", "HedgeEngine", "BackpackProtocol",
            "Diagnosis",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "WSClient", package: "swift-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // Shared by the test targets: a simulator on a free port and a plain WebSocket client.
        .target(name: "LighterTestSupport", dependencies: [
            "LighterProtocol",
            "LighterSimulator",
            "LighterSigner",
            .product(name: "WSClient", package: "swift-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        // For tests only: a Backpack simulator on a free port, signed REST calls, a stream reader.
        .target(name: "BackpackTestSupport", dependencies: [
            "BackpackProtocol",
            "BackpackSimulator",
            "LighterTestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The CLI is thin wiring over the library targets.
        .executableTarget(name: "LighterHedgeCLI", dependencies: [
            "LighterProtocol",
            "LighterSimulator",
            "LighterBenchmarks",
            "LighterClient",
            "LighterProbe",
            "LighterSigner",
            "Diagnosis",
            "Journaling",
            "LineInput",
            "StreamKit",
            "BackpackClient",
            "BackpackProtocol",
            "BackpackSimulator",
            "HedgeEngine",
            "HedgeRuntime",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "LighterProtocolTests", dependencies: ["LighterProtocol", "LighterTestSupport"]),
        .testTarget(name: "BackpackProtocolTests", dependencies: ["BackpackProtocol", "LighterProtocol"]),
        .testTarget(name: "BackpackSimulatorTests", dependencies: [
            "BackpackProtocol",
            "BackpackSimulator",
            "BackpackTestSupport",
            "LighterProtocol",
            "LighterTestSupport",
        ]),
        .testTarget(name: "HedgeEngineTests", dependencies: [
            "HedgeEngine",
            "HedgeRuntime",
            "BackpackClient",
            "BackpackProtocol",
            "BackpackSimulator",
            "BackpackTestSupport",
            "LighterProtocol",
            "LighterClient",
            "LighterSimulator",
            "LighterTestSupport",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "LighterClientTests", dependencies: [
            "LighterProtocol",
            "LighterClient",
            "LighterProbe",
            "Journaling",
            "LineInput",
            "Diagnosis",
            "LighterSimulator",
            "LighterTestSupport",
            "StreamKit",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "StreamKitTests", dependencies: [
            "StreamKit",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "BackpackClientTests", dependencies: [
            "BackpackClient",
            "BackpackProtocol",
            "BackpackSimulator",
            "BackpackTestSupport",
            "LighterClient",
            "LighterProbe",
            "LighterProtocol",
            "LighterTestSupport",
            "Journaling",
            "StreamKit",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DiagnosisTests", dependencies: ["Diagnosis", "LighterProtocol", "LineEnds", "LineInput", "LighterTestSupport"], resources: [.copy("Fixtures"), .copy("TimelineFixtures")]),
        .testTarget(name: "LighterSignerTests", dependencies: ["LighterSigner", "LighterProtocol"]),
        // The command line run as a child process, as a user runs it (the dependency builds it).
        .testTarget(name: "LighterHedgeCLITests", dependencies: ["LighterHedgeCLI", "LighterSimulator", "LighterTestSupport"]),
        .testTarget(name: "LighterSimulatorTests", dependencies: [
            "LighterProtocol",
            "LighterSimulator",
            "LighterSigner",
            "LighterTestSupport",
        ]),
    ]
)
