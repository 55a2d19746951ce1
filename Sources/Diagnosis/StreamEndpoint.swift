/// Where a bot's stream lives, as the commands a report suggests need it: the host, the HTTP(S)
/// base of the same server and the stream's path. Parsed by the caller (the client's own URL
/// rules), not here.
public struct StreamEndpoint: Sendable, Hashable {
    /// The host name, without scheme or port: `mainnet.zklighter.elliot.ai`.
    public var host: String
    /// The REST base of the same server, scheme included, no trailing slash: `https://…`.
    public var httpBase: String
    /// The stream's path on the host: `/stream`.
    public var path: String

    /// An endpoint as given; nothing is checked or normalised here.
    public init(host: String, httpBase: String, path: String) {
        self.host = host; self.httpBase = httpBase; self.path = path
    }

    /// Lighter's mainnet, named when no endpoint is known.
    public static let mainnet = StreamEndpoint(host: "mainnet.zklighter.elliot.ai",
                                               httpBase: "https://mainnet.zklighter.elliot.ai", path: "/stream")
}
