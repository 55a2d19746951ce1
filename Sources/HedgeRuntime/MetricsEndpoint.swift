import CoreMetrics
import HedgeEngine
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// The process's metrics over HTTP: `GET /metrics` in Prometheus's text format, from a
/// `PrometheusCollectorRegistry` that the swift-metrics facade records into (the engine's
/// `lighter_hedge_*` metrics among them). It listens on loopback unless told otherwise: the
/// numbers say what the bot holds, which is nobody else's business.
public struct MetricsEndpoint: Sendable {
    /// What `/metrics` serves.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory recording into `registry`, with hedge-latency buckets fit for
    /// sub-millisecond hedges (the library's default buckets start at 5 ms).
    public let factory: PrometheusMetricsFactory

    /// An endpoint of its own registry, leaving the process-wide metrics system alone: for an
    /// engine given `factory` explicitly (a test, several engines in one process).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[EngineMetrics.hedgeLatencyLabel] = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
            .microseconds(2_500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5),
            .seconds(10),
        ]
        self.factory = factory
    }

    /// The endpoint bootstrapped into the process, once.
    private static let shared = Mutex<MetricsEndpoint?>(nil)

    /// The process's endpoint: the first call makes a registry and bootstraps `MetricsSystem`
    /// with it (so every `Counter`, `Timer` and `Gauge` made afterwards lands there); later
    /// calls return the same endpoint. Call it before making the engine: metrics made before
    /// the bootstrap record nowhere. Nothing else in the process may bootstrap `MetricsSystem`.
    public static func bootstrap() -> MetricsEndpoint {
        shared.withLock { current in
            if let current { return current }
            let endpoint = MetricsEndpoint()
            MetricsSystem.bootstrap(endpoint.factory)
            current = endpoint
            return endpoint
        }
    }

    /// Serves `GET /metrics` on `host:port` until the task is cancelled, then shuts down
    /// gracefully. `onReady` gets the port once it is open (the one the system picked for port 0).
    public func run(host: String = "127.0.0.1", port: Int, onReady: @escaping @Sendable (Int) -> Void) async throws {
        let router = Router()
        let registry = self.registry
        router.get("/metrics") { _, _ in
            var text: [UInt8] = []
            registry.emit(into: &text)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
        var logger = Logger(label: "lighter-hedge.metrics")
        // The server's start and per-request lines would crowd the bot's own log.
        logger.logLevel = .warning
        let app = Application(router: router,
                              configuration: .init(address: .hostname(host, port: port), serverName: "lighter-hedge"),
                              onServerRunning: { channel in onReady(channel.localAddress?.port ?? port) },
                              logger: logger)
        // Cancellation is turned into a graceful shutdown: cancelled outright, the server logs
        // its accept loop's CancellationError as an error on every normal stop.
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let serving = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await serving.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}
