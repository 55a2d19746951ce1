import NIOCore
import NIOWebSocket

/// Puts WebSocket data frames together into whole messages, as the bytes that came in: a text
/// message is handed on as its buffer, never made into a `String` first (the decoders read
/// bytes). Most messages are one frame and pass through without a copy.
package struct MessageAssembler {
    /// A whole message.
    package enum Message {
        /// A text message's bytes (UTF-8, unchecked: the decoders read bytes).
        case text(ByteBuffer)
        /// A binary message.
        case binary(ByteBuffer)
    }

    /// Why the peer's frames do not make a message; the connection is then closed.
    package struct Failure: Error, CustomStringConvertible {
        /// What was wrong, for the log.
        package var description: String
        /// The message was over the size limit (the rest broke the framing rules).
        package var isTooLarge = false
    }

    /// The largest message accepted, in bytes.
    package let maxSize: Int
    private var partial: ByteBuffer?
    private var partialIsText = false

    /// An assembler that refuses messages over `maxSize` bytes.
    package init(maxSize: Int) { self.maxSize = maxSize }

    /// Takes the next data frame, given by its parts; a whole message once its last frame is in.
    package mutating func add(_ opcode: WebSocketOpcode, _ data: ByteBuffer, fin: Bool) throws(Failure) -> Message? {
        switch opcode {
        case .text, .binary:
            guard partial == nil else { throw Failure(description: "a new message began before the last one ended") }
            if fin { return opcode == .text ? .text(data) : .binary(data) }
            try check(data.readableBytes)
            partial = data
            partialIsText = opcode == .text
            return nil
        case .continuation:
            guard var buffer = partial else { throw Failure(description: "a continuation frame with no message begun") }
            try check(buffer.readableBytes + data.readableBytes)
            partial = nil
            buffer.writeImmutableBuffer(data)
            if !fin {
                partial = buffer
                return nil
            }
            return partialIsText ? .text(buffer) : .binary(buffer)
        default:
            throw Failure(description: "opcode \(opcode) is not a data frame")
        }
    }

    private func check(_ size: Int) throws(Failure) {
        if size > maxSize { throw Failure(description: "a message over \(maxSize) bytes", isTooLarge: true) }
    }
}
