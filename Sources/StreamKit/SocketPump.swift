import Logging
import NIOCore
import NIOSSL
import NIOWebSocket
import WSClient

/// The inputs a socket produces, as a session's own input type spells them.
package protocol SocketInput: SessionInboxItem {
    /// The upgrade succeeded; frames are written through `writer`.
    static func opened(_ writer: WebSocketOutboundWriter) -> Self
    /// A text frame.
    static func text(_ text: String) -> Self
    /// A binary frame of this many bytes (no venue here sends one).
    static func binary(_ count: Int) -> Self
    /// The socket closed: the close code and reason when the server sent a close frame.
    static func ended(code: Int?, reason: String?) -> Self
    /// The connection could not be made, or broke.
    static func failed(_ failure: ConnectFailure) -> Self
    /// The session's timer: its checks run on each.
    static var tick: Self { get }
}

/// The socket's side of a session: connects and forwards what arrives. Protocol pings are
/// answered by the WebSocket layer itself; `pingInterval` is how often we ping the server.
package enum SocketPump {
    /// Connects and turns everything the socket does into inputs of the session's inbox.
    package static func run<Input: SocketInput>(url: String, secure: Bool, maxFrameSize: Int, pingInterval: Duration,
                                                input: SessionInbox<Input>) async {
        let tls: TLSConfiguration? = secure ? TLSConfiguration.makeClientConfiguration() : nil
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: maxFrameSize,
            additionalHeaders: [.userAgent: "lighter-hedge/0.1"],
            autoPing: .enabled(timePeriod: pingInterval))
        var logger = Logger(label: "lighter-hedge.ws")
        logger.logLevel = .critical
        do {
            let close = try await WebSocketClient.connect(
                url: url, configuration: configuration, tlsConfiguration: tls, logger: logger
            ) { inbound, outbound, _ in
                input.post(.opened(outbound))
                for try await message in inbound.messages(maxSize: maxFrameSize) {
                    switch message {
                    case .text(let text): await input.send(.text(text))
                    case .binary(let buffer): await input.send(.binary(buffer.readableBytes))
                    }
                }
            }
            input.post(.ended(code: close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }, reason: close?.reason))
        } catch {
            input.post(.failed(ConnectFailure.classify(error)))
        }
    }
}

extension SocketPump {
    /// Starts a session's helper tasks: the socket, and a tick every 200 ms. Cancel both when
    /// the session ends.
    package static func start<Input: SocketInput>(url: String, secure: Bool, maxFrameSize: Int, pingInterval: Duration,
                                                  input: SessionInbox<Input>) -> [Task<Void, Never>] {
        let connection = Task {
            await run(url: url, secure: secure, maxFrameSize: maxFrameSize, pingInterval: pingInterval, input: input)
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                input.post(.tick)
            }
        }
        return [connection, ticker]
    }

    /// Why a session ended when its socket closed; `upgraded` when the WebSocket had opened.
    package static func endCause(code: Int?, reason: String?, upgraded: Bool) -> String {
        guard upgraded else { return "connection ended before the upgrade" }
        return code.map { "closed by server (\($0)\(reason.map { " \($0)" } ?? ""))" } ?? "connection dropped (no close frame)"
    }

    /// Why a session ended when its connection failed or broke.
    package static func endCause(_ failure: ConnectFailure, upgraded: Bool) -> String {
        upgraded ? "connection lost: \(failure.detail)" : "connect failed: \(failure)"
    }
}
