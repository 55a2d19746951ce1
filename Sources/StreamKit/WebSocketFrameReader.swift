import NIOCore
import NIOWebSocket

/// RFC 6455 frames as a client reads them, straight from the socket's bytes: the payload is a
/// slice of the read buffer (no copy, no frame object), and the rules a server must keep are
/// checked: no mask, no reserved bits (no extension is agreed), a known opcode, a length within
/// the limit (a longer length encoding than the value needs is taken, as most clients do),
/// control frames whole and at most 125 bytes.
package struct WebSocketFrameReader {
    /// One frame.
    package struct Frame {
        /// The frame ends its message.
        package var fin: Bool
        /// What it carries.
        package var opcode: WebSocketOpcode
        /// Its payload, a slice of the bytes read.
        package var payload: ByteBuffer
    }

    /// A server broke the framing rules; the connection is closed with `code`.
    package struct Failure: Error, CustomStringConvertible {
        /// What was wrong, for the log.
        package var description: String
        /// The close code the rule calls for.
        package var code: WebSocketErrorCode
    }

    /// The largest frame payload taken, in bytes.
    package let maxFrameSize: Int

    /// A reader that refuses frames over `maxFrameSize` bytes.
    package init(maxFrameSize: Int) { self.maxFrameSize = maxFrameSize }

    /// A read's bytes after what the read before left unfinished (`held`, emptied): what the
    /// frames are read from this time. Whatever stays unread is the next `held`.
    package static func joining(_ held: inout ByteBuffer?, _ bytes: ByteBuffer) -> ByteBuffer {
        guard var joined = held else { return bytes }
        held = nil
        var bytes = bytes
        joined.writeBuffer(&bytes)
        return joined
    }

    /// The next whole frame at the front of `buffer`, consumed from it; nil, with nothing
    /// consumed, while the frame is not all there yet.
    package func read(from buffer: inout ByteBuffer) throws(Failure) -> Frame? {
        let start = buffer.readerIndex
        guard let first = buffer.getInteger(at: start, as: UInt8.self),
              let second = buffer.getInteger(at: start + 1, as: UInt8.self) else { return nil }
        guard first & 0x70 == 0 else { throw Failure(description: "the server set a reserved bit (no extension was agreed)", code: .protocolError) }
        // Continuation, text, binary, close, ping, pong: the rest are reserved.
        guard (0b0000_0111_0000_0111 as UInt16) >> (first & 0x0F) & 1 == 1,
              let opcode = WebSocketOpcode(encodedWebSocketOpcode: first & 0x0F) else {
            throw Failure(description: "the server sent a reserved opcode", code: .protocolError)
        }
        guard second & 0x80 == 0 else { throw Failure(description: "the server masked a frame", code: .protocolError) }
        let fin = first & 0x80 != 0
        var header = 2
        var length = Int(second & 0x7F)
        if length == 126 {
            guard let word = buffer.getInteger(at: start + 2, as: UInt16.self) else { return nil }
            length = Int(word)
            header = 4
        } else if length == 127 {
            guard let word = buffer.getInteger(at: start + 2, as: UInt64.self) else { return nil }
            guard word <= UInt64(Int32.max) else {
                throw Failure(description: "the server sent a frame over \(maxFrameSize) bytes", code: .messageTooLarge)
            }
            length = Int(word)
            header = 10
        }
        if opcode.isControlOpcode {
            guard fin else { throw Failure(description: "the server sent a fragmented control frame", code: .protocolError) }
            guard length <= 125 else { throw Failure(description: "the server sent a control frame over 125 bytes", code: .protocolError) }
        }
        guard length <= maxFrameSize else {
            throw Failure(description: "the server sent a frame over \(maxFrameSize) bytes", code: .messageTooLarge)
        }
        guard buffer.readableBytes >= header + length,
              let payload = buffer.getSlice(at: start + header, length: length) else { return nil }
        buffer.moveReaderIndex(forwardBy: header + length)
        return Frame(fin: fin, opcode: opcode, payload: payload)
    }
}
