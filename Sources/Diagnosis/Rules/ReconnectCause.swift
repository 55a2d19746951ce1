/// Why a connection ended and was made again.
enum ReconnectCause: Int, CaseIterable {
    case outOfOrder, noPong, silent, closed, error, connectFailed, serverShutdown, integrity, other

    var name: String {
        switch self {
        case .outOfOrder: "out-of-order"
        case .noPong: "no-pong"
        case .silent: "silent"
        case .closed: "closed"
        case .error: "error"
        case .connectFailed: "connect-failed"
        case .serverShutdown: "server-shutdown"
        case .integrity: "book-integrity"
        case .other: "other"
        }
    }
}
