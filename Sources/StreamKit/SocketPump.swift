import NIOCore
import NIOWebSocket

/// The inputs a socket produces, as a session's own input type spells them.
package protocol SocketInput: SessionInboxItem {
    /// The upgrade succeeded; messages are sent through `writer`.
    static func opened(_ writer: SocketWriter) -> Self
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

/// The socket's side of a session: connects, and from then on the connection's handler posts
/// what arrives straight into the session's inbox. Protocol pings are answered there;
/// `pingInterval` is how often we ping the server.
package enum SocketPump {
    /// Connects and keeps the connection until it ends or the task is cancelled. The connection
    /// lives on `executor`'s event loop, where the session's loop runs too: a frame goes from the
    /// socket's read to the session with no thread hop and no task in between.
    /// `inline` takes the text messages it can on the spot while the session waits.
    package static func run<Input: SocketInput>(endpoint: VenueEndpoint, maxFrameSize: Int, pingInterval: Duration,
                                                input: SessionInbox<Input>, inline: (@Sendable (ByteBuffer) -> Bool)? = nil,
                                                executor: EventLoopTaskExecutor) async {
        let channel: any Channel
        do {
            channel = try await WebSocketConnection.open(endpoint, on: executor.loop, maxMessageSize: maxFrameSize,
                                                         pingInterval: pingInterval, inbox: input, inline: inline)
        } catch {
            input.post(.failed(ConnectFailure.classify(error)))
            return
        }
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}

extension SocketPump {
    /// Starts a session's helper tasks on `executor`: the socket, and a tick every 200 ms.
    /// Cancel both when the session ends.
    package static func start<Input: SocketInput>(endpoint: VenueEndpoint, maxFrameSize: Int, pingInterval: Duration,
                                                  input: SessionInbox<Input>, inline: (@Sendable (ByteBuffer) -> Bool)? = nil,
                                                  executor: EventLoopTaskExecutor) -> [Task<Void, Never>] {
        let connection = Task(executorPreference: executor) {
            await run(endpoint: endpoint, maxFrameSize: maxFrameSize, pingInterval: pingInterval, input: input, inline: inline,
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
