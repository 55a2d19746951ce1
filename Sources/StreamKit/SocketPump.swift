import Logging
import NIOCore
import NIOSSL
import NIOWebSocket
import WSClient

/// The inputs a socket produces, as a session's own input type spells them.
package protocol SocketInput: SessionInboxItem {
    /// The upgrade succeeded; frames are written through `writer`.
    static func opened(_ writer: WebSocketOutboundWriter) -> Self
    /// A whole text message, as the bytes that came in.
    static func textMessage(_ bytes: ByteBuffer) -> Self
    /// A binary message of this many bytes (no venue here sends one).
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
    /// Connects and turns everything the socket does into inputs of the session's inbox. The
    /// connection lives on `executor`'s event loop, and this runs there too (when called from a
    /// task that prefers it): a frame goes from the socket to the inbox with no thread hop.
    package static func run<Input: SocketInput>(url: String, secure: Bool, maxFrameSize: Int, pingInterval: Duration,
                                                input: SessionInbox<Input>, executor: EventLoopTaskExecutor) async {
        let tls: TLSConfiguration? = secure ? TLSConfiguration.makeClientConfiguration() : nil
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: maxFrameSize,
            additionalHeaders: [.userAgent: "lighter-hedge/0.1"],
            autoPing: .enabled(timePeriod: pingInterval))
        var logger = Logger(label: "lighter-hedge.ws")
        logger.logLevel = .critical
        do {
            let close = try await WebSocketClient.connect(
                url: url, configuration: configuration, tlsConfiguration: tls, eventLoopGroup: executor.loop, logger: logger
            ) { inbound, outbound, _ in
                input.post(.opened(outbound))
                var assembler = MessageAssembler(maxSize: maxFrameSize)
                for try await frame in inbound {
                    switch try assembler.add(frame) {
                    case .text(let bytes)?: await input.send(.textMessage(bytes))
                    case .binary(let bytes)?: await input.send(.binary(bytes.readableBytes))
                    case nil: break
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
    /// Starts a session's helper tasks on `executor`: the socket, and a tick every 200 ms.
    /// Cancel both when the session ends.
    package static func start<Input: SocketInput>(url: String, secure: Bool, maxFrameSize: Int, pingInterval: Duration,
                                                  input: SessionInbox<Input>, executor: EventLoopTaskExecutor) -> [Task<Void, Never>] {
        let connection = Task(executorPreference: executor) {
            await run(url: url, secure: secure, maxFrameSize: maxFrameSize, pingInterval: pingInterval, input: input,
                      executor: executor)
        }
        let ticker = Task(executorPreference: executor) {
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
