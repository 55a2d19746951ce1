import AsyncHTTPClient
import Foundation
import HedgeEngine
import HedgeRuntime
import LighterProtocol
import NIOCore
import Prometheus
import Testing

/// The engine's metrics as Prometheus scrapes them: an engine with fake venues driven through
/// a partial hedge and its re-hedge, then `GET /metrics` over loopback.
@Suite struct MetricsEndpointTests {
    typealias H = EngineHarness

    /// Serves `endpoint` on a free loopback port for the time of `body`.
    static func serving<T: Sendable>(_ endpoint: MetricsEndpoint, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await endpoint.run(port: 0) { portSink.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(port > 0)
        return try await body(port)
    }

    static func fetch(_ path: String, port: Int) async throws -> (status: UInt, contentType: String?, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, response.headers.first(name: "content-type"), String(buffer: body))
    }

    /// The value on the line `series value` of Prometheus text.
    static func value(_ series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func theEndpointServesTheEnginesCountersAfterAHedge() async throws {
        // A registry of this test's own: tests running beside it record elsewhere.
        let endpoint = MetricsEndpoint()
        let h = try H.make(metricsFactory: endpoint.factory)
        try await h.hedge(.reconciling(true))
        try await h.hedge(.reconciling(true))
        try await h.hedge(.reconciling(false))
        try await h.maker(.reconciling(true))
        try await h.maker(.reconciling(false))
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.05")
        let first = try #require(h.hedge.placed.last)
        // 2 ms later the IOC ends short: the re-hedge goes 2 ms after the maker fill.
        h.clock.advance(ms: 2)
        try await h.fillHedge(first, "0.03")
        let second = try #require(h.hedge.placed.last)
        try await h.fillHedge(second)
        // A repeated outcome is no second outcome.
        try await h.hedge(.outcome(clientOrderID: second.clientOrderID, HedgeOutcome(status: .filled, filledQuantity: dec("0.02"))))
        try await h.hedge(.reconciling(true))
        #expect(await h.status.nakedExposure == .zero)

        let scraped = try await Self.serving(endpoint) { port in
            (try await Self.fetch("/metrics", port: port), try await Self.fetch("/other", port: port).status)
        }
        let (metrics, otherStatus) = scraped
        #expect(metrics.status == 200 && otherStatus == 404)
        #expect(metrics.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = metrics.body
        let p = "lighter_hedge_"
        #expect(Self.value(p + "fills_total{venue=\"backpack\"}", in: text) == 1)
        #expect(Self.value(p + "fills_total{venue=\"lighter\"}", in: text) == 2)
        #expect(Self.value(p + "hedge_orders_total", in: text) == 2)
        #expect(Self.value(p + "hedge_outcomes_total{status=\"partially_filled\"}", in: text) == 1)
        #expect(Self.value(p + "hedge_outcomes_total{status=\"filled\"}", in: text) == 1)
        #expect(Self.value(p + "hedge_outcomes_total{status=\"unfilled\"}", in: text) == 0)
        #expect(Self.value(p + "hedge_outcomes_total{status=\"rejected\"}", in: text) == 0)
        // Two hedges: one at once (0 s on the test's clock), one 2 ms after its maker fill.
        #expect(Self.value(p + "hedge_latency_seconds_count", in: text) == 2)
        #expect(Self.value(p + "hedge_latency_seconds_sum", in: text) == 0.002)
        #expect(Self.value(p + "hedge_latency_seconds_bucket{le=\"0.001\"}", in: text) == 1)
        #expect(Self.value(p + "hedge_latency_seconds_bucket{le=\"0.0025\"}", in: text) == 2)
        #expect(Self.value(p + "naked_exposure", in: text) == 0)
        #expect(Self.value(p + "venue_healthy{venue=\"backpack\"}", in: text) == 1)
        #expect(Self.value(p + "venue_healthy{venue=\"lighter\"}", in: text) == 1)
        #expect(Self.value(p + "reconciliations_total{venue=\"lighter\"}", in: text) == 2)
        #expect(Self.value(p + "reconciliations_total{venue=\"backpack\"}", in: text) == 1)
    }

    @Test func nakedExposureAndHealthFollowTheEngine() async throws {
        let endpoint = MetricsEndpoint()
        let h = try H.make(metricsFactory: endpoint.factory)
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.02")
        try await h.hedge(.health(.blind("no fill source")))
        let text = endpoint.registry.emitToString()
        #expect(Self.value("lighter_hedge_naked_exposure", in: text) == 0.02)
        #expect(Self.value("lighter_hedge_venue_healthy{venue=\"lighter\"}", in: text) == 0)
        #expect(Self.value("lighter_hedge_venue_healthy{venue=\"backpack\"}", in: text) == 1)
    }

    @Test func bootstrapIsOnceAndTheEnginesOfTheProcessRecordThere() async throws {
        let endpoint = MetricsEndpoint.bootstrap()
        #expect(MetricsEndpoint.bootstrap().registry === endpoint.registry)
        // An engine made after the bootstrap, with no factory of its own, records there.
        let h = try H.make()
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.01")
        try await h.fillHedge(try #require(h.hedge.placed.last))
        let text = try await Self.serving(endpoint) { port in try await Self.fetch("/metrics", port: port).body }
        // Other tests' engines may record here too: at least this one's.
        #expect((Self.value("lighter_hedge_hedge_orders_total", in: text) ?? 0) >= 1)
        #expect((Self.value("lighter_hedge_fills_total{venue=\"lighter\"}", in: text) ?? 0) >= 1)
    }
}
