/// Where a bot's stream lives, as the commands a report suggests need it: the host, the HTTP(S)
/// base of the same server and the stream's path. Parsed by the caller (the client's own URL
/// rules), not here.
public struct StreamEndpoint: Sendable, Hashable {
    public var host: String
    public var httpBase: String
    public var path: String

    public init(host: String, httpBase: String, path: String) {
        self.host = host; self.httpBase = httpBase; self.path = path
    }

    public static let mainnet = StreamEndpoint(host: "mainnet.zklighter.elliot.ai",
                                               httpBase: "https://mainnet.zklighter.elliot.ai", path: "/stream")
}
