import NIOCore
import StreamKit
import Testing
import NIOWebSocket

/// Frames put together into messages as bytes: one frame passes through, fragments are joined,
/// and a peer that breaks the rules or floods one message is refused.
struct MessageAssemblerTests {
    static func bytes(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static func text(_ message: MessageAssembler.Message?) -> String? {
        guard case .text(let buffer)? = message else { return nil }
        return String(buffer: buffer)
    }

    @Test func aWholeFrameIsAMessageAsItCame() throws {
        var assembler = MessageAssembler(maxSize: 64)
        #expect(Self.text(try assembler.add(.text, Self.bytes(#"{"type":"pong"}"#), fin: true)) == #"{"type":"pong"}"#)
        guard case .binary(let data)? = try assembler.add(.binary, Self.bytes("abc"), fin: true) else {
            Issue.record("a binary frame was not a binary message")
            return
        }
        #expect(data.readableBytes == 3)
    }

    @Test func fragmentsAreJoinedInOrder() throws {
        var assembler = MessageAssembler(maxSize: 64)
        #expect(try assembler.add(.text, Self.bytes(#"{"type":"#), fin: false) == nil)
        #expect(try assembler.add(.continuation, Self.bytes(#""po"#), fin: false) == nil)
        #expect(Self.text(try assembler.add(.continuation, Self.bytes(#"ng"}"#), fin: true)) == #"{"type":"pong"}"#)
        // The next message starts afresh.
        #expect(Self.text(try assembler.add(.text, Self.bytes("{}"), fin: true)) == "{}")
    }

    @Test func aMessageOverTheLimitIsRefused() throws {
        var assembler = MessageAssembler(maxSize: 8)
        #expect(try assembler.add(.text, Self.bytes("12345"), fin: false) == nil)
        #expect(throws: MessageAssembler.Failure.self) { try assembler.add(.continuation, Self.bytes("6789"), fin: true) }
        var first = MessageAssembler(maxSize: 8)
        #expect(throws: MessageAssembler.Failure.self) { try first.add(.text, Self.bytes("123456789"), fin: false) }
    }

    @Test func outOfPlaceFramesAreRefused() throws {
        var stray = MessageAssembler(maxSize: 64)
        #expect(throws: MessageAssembler.Failure.self) { try stray.add(.continuation, Self.bytes("x"), fin: true) }
        var interrupted = MessageAssembler(maxSize: 64)
        _ = try interrupted.add(.text, Self.bytes("{"), fin: false)
        #expect(throws: MessageAssembler.Failure.self) { try interrupted.add(.text, Self.bytes("{}"), fin: true) }
    }
}
