import BackpackClient
import StreamKit
import Testing

/// Backpack's URLs go through the venues' one strict parser: the same refusals as Lighter's.
@Suite struct EndpointPolicyTests {
    static func configuration(_ url: String, rest: String? = nil) -> BackpackClientConfiguration {
        var configuration = BackpackClientConfiguration(url: url, symbol: "ETH_USDC_PERP")
        configuration.restURL = rest
        return configuration
    }

    @Test(arguments: [
        ("ws://127.0.0.1@evil.example/", "user info"),
        ("wss://ws.backpack.exchange/#x", "#fragment"),
        ("ws://::1:8080/", "IPv6 host goes in brackets"),
        ("wss://host:99999/", "a port is 1 to 65535"),
        ("ws://example.com/", "refusing plain ws://"),
        ("https://api.backpack.exchange/", "must start with wss:// or ws://"),
    ])
    func badStreamURLsAreRefusedWithTheReason(url: String, reason: String) {
        do {
            _ = try Self.configuration(url).endpoint()
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.description.contains(reason), "\(url): \(error.description)")
        }
    }

    @Test func loopbackInAnySpellingMayBePlain() throws {
        for url in ["ws://[::1]:9000/", "ws://[0:0:0:0:0:0:0:1]:9000/", "WS://LOCALHOST:9000/", "ws://127.1.2.3:9000/"] {
            let endpoint = try Self.configuration(url).endpoint()
            #expect(endpoint.isLoopback && !endpoint.secure, "\(url)")
        }
        #expect(try Self.configuration("ws://[::1]:9000/").restBase() == "http://[::1]:9000")
        #expect(throws: BackpackClientConfiguration.Problem.self) {
            try Self.configuration("wss://ws.backpack.exchange/", rest: "http://api.example.com").restBase()
        }
    }
}
