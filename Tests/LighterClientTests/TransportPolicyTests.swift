import LighterClient
import LighterProtocol
import Testing

/// One transport rule for the stream and REST: TLS unless the parsed host is loopback or the
/// user said `insecure`; URLs that hide another host are refused.
@Suite struct TransportPolicyTests {
    static func configuration(_ url: String, rest: String? = nil, insecure: Bool = false) -> StreamClientConfiguration {
        var configuration = StreamClientConfiguration(url: url, market: 0)
        configuration.restURL = rest
        configuration.insecure = insecure
        return configuration
    }

    /// The refusal's text, or nil when `body` was accepted.
    static func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let problem as StreamClientConfiguration.Problem {
            return problem.description
        } catch {
            return "not a Problem: \(error)"
        }
    }

    @Test(arguments: [
        "ws://127.0.0.1.evil.example/stream",
        "ws://localhost.evil.example",
        "ws://localhost.evil.example:8080/stream",
        "ws://127.1/stream",
        "ws://127.0.0.01/stream",
        "ws://0177.0.0.1/stream",
        "ws://128.0.0.1/stream",
        "ws://[::2]/stream",
        "ws://[::ffff:7f00:1]/stream",
        "ws://localhost./stream",
        "ws://evil.example/stream",
    ])
    func plainStreamToARemoteHostIsRefused(_ url: String) {
        let problem = Self.refusal { _ = try Self.configuration(url).endpoint() }
        #expect(problem?.contains("refusing plain ws://") == true, "\(url): \(problem ?? "accepted")")
        #expect(problem?.contains(url) == true)
        #expect(problem?.contains("\n") == false)
        // The user may still say so.
        #expect(Self.refusal { _ = try Self.configuration(url, insecure: true).endpoint() } == nil, "\(url)")
    }

    @Test(arguments: [
        "ws://127.0.0.1@evil.example/",
        "wss://127.0.0.1@evil.example/",
        "ws://user:pass@127.0.0.1/stream",
        "ws://localhost:80@evil.example/stream",
    ])
    func userInfoIsRefusedEvenWhenInsecure(_ url: String) {
        let problem = Self.refusal { _ = try Self.configuration(url, insecure: true).endpoint() }
        #expect(problem?.contains("user info") == true, "\(url): \(problem ?? "accepted")")
        #expect(problem?.contains(url) == true)
    }

    @Test(arguments: [
        ("ws://127.0.0.1:8080/stream", "127.0.0.1", 8080),
        ("ws://127.255.3.9/stream", "127.255.3.9", nil),
        ("ws://localhost:9/stream", "localhost", 9),
        ("ws://LocalHost/stream", "localhost", nil),  // hosts are case-insensitive: kept lower-cased
        ("ws://[::1]:7000/stream", "::1", 7000),
        ("ws://[0:0:0:0:0:0:0:1]/stream", "0:0:0:0:0:0:0:1", nil),
        ("ws://[0000:0000::0001]/stream", "0000:0000::0001", nil),
        ("WSS://mainnet.zklighter.elliot.ai/stream", "mainnet.zklighter.elliot.ai", nil),
    ] as [(String, String, Int?)])
    func loopbackFormsAndTLSAreAccepted(_ url: String, _ host: String, _ port: Int?) throws {
        let endpoint = try Self.configuration(url).endpoint()
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
        #expect(endpoint.path == "/stream")
    }

    @Test func malformedURLsAreRefusedInOneLine() {
        for url in ["127.0.0.1:8080/stream", "http://127.0.0.1/stream", "ws://", "ws://:80/", "ws://host:0/",
                    "ws://host:65536/", "ws://host:+80/", "ws://host:/", "ws://::1/stream", "ws://[::1/stream",
                    "ws://[::g]/", "ws://ho st/", "ws://host%2F/", "ws://host/stream#x", "ws://[::1]x/"] {
            let problem = Self.refusal { _ = try Self.configuration(url, insecure: true).endpoint() }
            #expect(problem != nil, "\(url) accepted")
            #expect(problem?.contains("\n") == false)
        }
        // A query is part of the stream path (the venue's `?readonly=true`).
        #expect((try? Self.configuration("wss://host?readonly=true").endpoint().path) == "/?readonly=true")
    }

    @Test func restURLIsHeldToTheSamePolicy() throws {
        // Plain http:// REST to a remote host beside a wss:// stream: refused.
        let stream = "wss://mainnet.zklighter.elliot.ai/stream"
        for rest in ["http://mainnet.zklighter.elliot.ai", "http://127.0.0.1.evil.example", "http://localhost.evil.example:80",
                     "http://127.0.0.1@evil.example"] {
            let problem = Self.refusal { _ = try Self.configuration(stream, rest: rest).restBase() }
            #expect(problem != nil, "\(rest) accepted")
            #expect(problem?.contains(rest) == true, "\(problem ?? "")")
        }
        #expect(Self.refusal { _ = try Self.configuration(stream, rest: "http://evil.example").restBase() }?
            .contains("use https://") == true)
        for rest in ["ftp://host", "mainnet.zklighter.elliot.ai", "https://", "https://host:99999", "https://host/?x=1",
                     "https://[::1"] {
            #expect(Self.refusal { _ = try Self.configuration(stream, rest: rest, insecure: true).restBase() } != nil, "\(rest)")
        }
        // Accepted: https anywhere, http to loopback, http anywhere with insecure.
        #expect(try Self.configuration(stream, rest: "https://mainnet.zklighter.elliot.ai/").restBase()
            == "https://mainnet.zklighter.elliot.ai")
        #expect(try Self.configuration(stream, rest: "http://127.0.0.1:8081").restBase() == "http://127.0.0.1:8081")
        #expect(try Self.configuration(stream, rest: "http://[::1]:8081/").restBase() == "http://[::1]:8081")
        #expect(try Self.configuration(stream, rest: "http://proxy.lan/lighter", insecure: true).restBase()
            == "http://proxy.lan/lighter")
        // Derived from the stream URL when not given.
        #expect(try Self.configuration("ws://[::1]:7000/stream").restBase() == "http://[::1]:7000")
        #expect(try Self.configuration(stream).restBase() == "https://mainnet.zklighter.elliot.ai")
    }

    @Test func loopbackIsDecidedOnTheParsedHost() {
        for host in ["127.0.0.1", "127.0.0.0", "127.255.255.255", "localhost", "LOCALHOST", "::1", "[::1]",
                     "0:0:0:0:0:0:0:1", "::0:1", "0::1"] {
            #expect(StreamClientConfiguration.isLoopback(host), "\(host)")
        }
        for host in ["127.0.0.1.evil.example", "127.1", "127.0.0.256", "127.0.0", "127.0.0.1.", "0127.0.0.1", "-127.0.0.1",
                     "localhost.evil.example", "evil-localhost", "::", "::2", "1::1", "::1:0", ":::1", "::1%lo",
                     "::ffff:127.0.0.1", "10.0.0.1", "", "[::1", "0.0.0.0"] {
            #expect(!StreamClientConfiguration.isLoopback(host), "\(host)")
        }
    }
}
