import LighterProtocol
import NIOCore
import NIOEmbedded
import NIOWebSocket
import StreamKit
import Testing

/// The client's frame reader against NIO's own frame encoder (an independent implementation):
/// any frames, cut into any chunks, read back as they were sent; the rules a server must keep
/// refused with the close code each calls for; random bytes never crash it, and how they are
/// cut never changes what it reads.
struct WebSocketFrameReaderTests {
    struct SentFrame: Equatable {
        var fin: Bool
        var opcode: UInt8
        var payload: [UInt8]
    }

    /// The bytes NIO's server-side encoder writes for `frames` (unmasked, as a server sends).
    static func encoded(_ frames: [SentFrame]) throws -> [UInt8] {
        let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        var out: [UInt8] = []
        for frame in frames {
            guard let opcode = WebSocketOpcode(encodedWebSocketOpcode: frame.opcode) else { continue }
            try channel.writeOutbound(WebSocketFrame(fin: frame.fin, opcode: opcode, data: ByteBuffer(bytes: frame.payload)))
            while var part = try channel.readOutbound(as: ByteBuffer.self) { out += part.readBytes(length: part.readableBytes) ?? [] }
        }
        _ = try channel.finish()
        return out
    }

    enum Outcome: Equatable {
        case frames([SentFrame])
        case refused(code: UInt16, after: [SentFrame])
    }

    /// Feeds `bytes` to a reader in chunks cut at `cuts`, keeping a frame's start until its
    /// rest comes, as the socket's handler does.
    static func read(_ bytes: [UInt8], cuts: [Int], maxFrameSize: Int = 1 << 20) -> Outcome {
        let reader = WebSocketFrameReader(maxFrameSize: maxFrameSize)
        var held = ByteBuffer()
        var frames: [SentFrame] = []
        var from = 0
        for end in (cuts.filter { $0 > 0 && $0 < bytes.count }.sorted() + [bytes.count]) where end > from {
            held.writeBytes(bytes[from..<end])
            from = end
            do {
                while let frame = try reader.read(from: &held) {
                    frames.append(SentFrame(fin: frame.fin, opcode: UInt8(webSocketOpcode: frame.opcode),
                                            payload: Array(frame.payload.readableBytesView)))
                }
            } catch {
                return .refused(code: UInt16(webSocketErrorCode: error.code), after: frames)
            }
        }
        return .frames(frames)
    }

    static func randomFrames(_ random: inout SeededRandom) -> [SentFrame] {
        (0..<Int.random(in: 1...12, using: &random)).map { _ in
            let control = Bool.random(using: &random) && Bool.random(using: &random)
            let opcode: UInt8 = control ? [0x8, 0x9, 0xA].randomElement(using: &random) ?? 0x9
                : [0x0, 0x1, 0x2].randomElement(using: &random) ?? 0x1
            // Lengths on both sides of the 7-bit, 16-bit and 64-bit encodings.
            let size = control ? Int.random(in: 0...125, using: &random)
                : [Int.random(in: 0...125, using: &random), Int.random(in: 0...125, using: &random),
                   Int.random(in: 126...2000, using: &random), Int.random(in: 65530...65540, using: &random)]
                    .randomElement(using: &random) ?? 0
            return SentFrame(fin: control || Bool.random(using: &random), opcode: opcode,
                             payload: (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) })
        }
    }

    static func randomCuts(_ count: Int, _ random: inout SeededRandom) -> [Int] {
        guard count > 1 else { return [] }
        return (0..<Int.random(in: 0...12, using: &random)).map { _ in Int.random(in: 1..<count, using: &random) }
    }

    @Test func anyFramesCutAnywhereReadBackAsSent() throws {
        var random = SeededRandom(seed: 0x5745_4253)
        for _ in 0..<200 {
            let frames = Self.randomFrames(&random)
            let bytes = try Self.encoded(frames)
            #expect(Self.read(bytes, cuts: Self.randomCuts(bytes.count, &random)) == .frames(frames))
        }
        // Every byte its own read.
        let frames = [SentFrame(fin: true, opcode: 0x1, payload: Array("hello".utf8)),
                      SentFrame(fin: true, opcode: 0x9, payload: [1, 2]),
                      SentFrame(fin: true, opcode: 0x2, payload: [UInt8](repeating: 7, count: 300))]
        let bytes = try Self.encoded(frames)
        #expect(Self.read(bytes, cuts: Array(1..<bytes.count)) == .frames(frames))
    }

    @Test func theRulesAServerMustKeepAreEnforced() {
        let hello = Array("hi".utf8)
        // Masked (a server must not mask).
        #expect(Self.read([0x81, 0x82, 1, 2, 3, 4] + hello, cuts: []) == .refused(code: 1002, after: []))
        // A reserved bit with no extension agreed.
        #expect(Self.read([0xC1, 0x02] + hello, cuts: []) == .refused(code: 1002, after: []))
        // An opcode RFC 6455 leaves reserved.
        #expect(Self.read([0x83, 0x02] + hello, cuts: []) == .refused(code: 1002, after: []))
        // A control frame in pieces, and one over 125 bytes.
        #expect(Self.read([0x09, 0x02] + hello, cuts: []) == .refused(code: 1002, after: []))
        #expect(Self.read([0x89, 0x7E, 0x00, 0x7E], cuts: []) == .refused(code: 1002, after: []))
        // Over the limit: refused from the header alone, before the payload comes.
        #expect(Self.read([0x82, 0x7E, 0x01, 0x00], cuts: [], maxFrameSize: 255) == .refused(code: 1009, after: []))
        #expect(Self.read([0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0], cuts: []) == .refused(code: 1009, after: []))
        // What came before a broken frame was read.
        let first = SentFrame(fin: true, opcode: 0x1, payload: hello)
        #expect(Self.read([0x81, 0x02] + hello + [0x81, 0x82], cuts: [3]) == .refused(code: 1002, after: [first]))
        // A longer length encoding than needed is taken.
        #expect(Self.read([0x81, 0x7E, 0x00, 0x02] + hello, cuts: [2]) == .frames([first]))
        #expect(Self.read([0x81, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0x02] + hello, cuts: [5]) == .frames([first]))
    }

    @Test func randomBytesNeverCrashItAndTheCutsChangeNothing() {
        var random = SeededRandom(seed: 0x4655_5A5A)
        for round in 0..<3000 {
            // Mostly small frames' worth of noise, with plausible first bytes now and then.
            var bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if round % 3 == 0, !bytes.isEmpty { bytes[0] = [0x81, 0x82, 0x01, 0x89, 0x88].randomElement(using: &random) ?? 0x81 }
            if round % 5 == 0, bytes.count > 1 { bytes[1] &= 0x7F }
            let whole = Self.read(bytes, cuts: [], maxFrameSize: 40)
            #expect(Self.read(bytes, cuts: Self.randomCuts(bytes.count, &random), maxFrameSize: 40) == whole)
        }
    }
}
