import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// Frames the simulator writes decode back to the values it meant.
@Suite struct SimulatorFrameRoundTripTests {
    @Test func engineEventsSurviveEncodeAndDecode() throws {
        let frames = SessionFrames.frames(seed: 9, ticks: 300, scriptIntervalMs: 200).map(\.frame)
        let encoder = SessionFrames.encoder
        #expect(frames.count > 500)
        #expect(frames.contains { if case .accountOrders = $0 { true } else { false } })
        #expect(frames.contains { if case .trades = $0 { true } else { false } })
        for frame in frames {
            let text = encoder.encode(frame)
            #expect(try FrameDecoder.decode(text) == frame, "\(text)")
        }
    }
}
