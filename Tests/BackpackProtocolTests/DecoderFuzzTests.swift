import BackpackProtocol
import LighterProtocol
import Testing

/// Truncated and mutated frames reach the byte decoder: it must answer with a frame or an
/// error, never crash, hang or read out of bounds.
@Suite struct DecoderFuzzTests {
    static var frames: [[UInt8]] {
        BackpackReference.streamFrames.compactMap { try? Array(BackpackReference.text($0).utf8) }
    }

    @Test func everyTruncationIsAnErrorOrAFrame() {
        var errors = 0
        for frame in Self.frames {
            for length in 0..<frame.count {
                do { _ = try BackpackFrameDecoder.decode(Array(frame[..<length])) } catch { errors += 1 }
            }
        }
        // Nearly every strict prefix of a JSON object is invalid; the few valid ones end in whitespace.
        #expect(errors > Self.frames.reduce(0) { $0 + $1.count } / 2)
    }

    @Test func randomMutationsNeverCrash() {
        var random = SeededRandom(seed: 2026)
        let interesting: [UInt8] = Array(#"{}[]",:"\0123456789.-eEtrufalsn "#.utf8) + [0, 0x80, 0xFF, 0x1F]
        let frames = Self.frames
        #expect(!frames.isEmpty)
        var decoded = 0
        for round in 0..<20_000 {
            var bytes = frames[round % frames.count]
            for _ in 0..<Int(random.int(in: 1...4)) {
                let position = Int(random.int(in: 0...Int64(bytes.count - 1)))
                switch random.int(in: 0...3) {
                case 0: bytes[position] = interesting[Int(random.int(in: 0...Int64(interesting.count - 1)))]
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(interesting[Int(random.int(in: 0...Int64(interesting.count - 1)))], at: position)
                default: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                }
                if bytes.isEmpty { break }
            }
            if (try? BackpackFrameDecoder.decode(bytes)) != nil { decoded += 1 }
        }
        // Some mutations land in values and still decode; most break the frame.
        #expect(decoded > 0)
    }

    @Test func hostileShapesAreErrors() {
        let hostile = [
            "", "[]", "null", #"{"data":[]}"#, #"{"data":{"e":"depth","s":"X","U":1,"u":1,"a":"x"}}"#,
            #"{"data":{"e":"depth","s":"X","U":1,"u":1,"a":[["1"]]}}"#,
            #"{"data":{"e":"depth","s":"X","U":1,"u":99999999999999999999}}"#,
            #"{"data":{"e":"orderFill","s":"X","i":"1","S":"Bid","o":"LIMIT","X":"New"}}"#,
            #"{"data":{"e":"orderAccepted","s":"X","i":"1","S":"Buy","o":"LIMIT","X":"New"}}"#,
            #"{"data":{"e":"orderAccepted","s":"X","i":"1","S":"Bid","o":"LIMIT","X":"New","c":4294967296}}"#,
            #"{"data":{"e":"depth","s":"X","U":1,"u":1,"a":[["1e3","1"]]}}"#,
            #"{"data":{"e":"trade"}}"#, String(repeating: "[", count: 10_000),
            #"{"data":{"e":"depth","s":"X","U":1,"u":1}} trailing"#,
        ]
        for text in hostile {
            #expect(throws: FrameDecodingError.self, "\(text.prefix(60))") { _ = try BackpackFrameDecoder.decode(text) }
        }
        // Deep nesting in a value the decoder skips is bounded too.
        let deep = #"{"data":{"e":"x","z":"# + String(repeating: "[", count: 5_000) + "}}"
        #expect(throws: FrameDecodingError.self) { _ = try BackpackFrameDecoder.decode(deep) }
    }
}
