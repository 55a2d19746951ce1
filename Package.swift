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
    ],
    targets: [
        // Pure protocol values: frames, orders, the order book. No I/O.
        .target(name: "LighterProtocol"),
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
        // The stream client: connection, subscriptions, keep-alive, fills exactly once, the guide's log.
        .target(name: "LighterClient", dependencies: [
            "LighterProtocol",
            "LighterSigner",
            "Diagnosis",
            .product(name: "WSClient", package: "swift-websocket"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
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
        // The native signer: Goldilocks, Poseidon2, ECgFp5 Schnorr; auth tokens and order transactions. No I/O.
        .target(name: "LighterSigner", dependencies: ["LighterProtocol"]),
        // Reads hedge-bot logs (ours or the reference bot's) and says which of the guide's scenarios it is.
        .target(name: "Diagnosis", dependencies: ["LighterProtocol", "LineEnds"]),
        // Finds a buffer's line ends in one vector pass (C: the CPU's vector compare and bit mask).
        .target(name: "LineEnds"),
        // Benchmarks of the hot paths, run by `lighter-hedge bench`.
        .target(name: "LighterBenchmarks", dependencies: ["LighterProtocol", "LighterClient", "LighterSigner"]),
        // The CLI is thin wiring over the library targets.
        .executableTarget(name: "LighterHedgeCLI", dependencies: [
            "LighterProtocol",
            "LighterSimulator",
            "LighterBenchmarks",
            "LighterClient",
            "LighterSigner",
            "Diagnosis",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "LighterProtocolTests", dependencies: ["LighterProtocol"]),
        .testTarget(name: "LighterClientTests", dependencies: [
            "LighterProtocol",
            "LighterClient",
            "Diagnosis",
            "LighterSimulator",
            "LighterTestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DiagnosisTests", dependencies: ["Diagnosis", "LighterProtocol", "LineEnds"], resources: [.copy("Fixtures"), .copy("TimelineFixtures")]),
        .testTarget(name: "LighterSignerTests", dependencies: ["LighterSigner", "LighterProtocol"]),
        .testTarget(name: "LighterSimulatorTests", dependencies: [
            "LighterProtocol",
            "LighterSimulator",
            "LighterSigner",
            "LighterTestSupport",
        ]),
    ]
)
