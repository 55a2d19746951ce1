@testable import LighterClient
import LighterProtocol
import LighterSimulator
import LighterTestSupport
import NIOCore
import StreamKit
import Testing

/// The client's own socket against the simulator's stream: a session that stops taking frames
/// stops the socket's reads (the venue's sends wait in TCP, not in our memory), and once it
/// takes them again reading resumes with nothing lost. The inbox is the Lighter session's own.
struct SocketBackpressureTests {
    @Test func aSessionThatStopsTakingFramesStopsTheReadsAndLosesNothing() async throws {
        try await withSimulator({ $0.updatesPerSecond = 1000 }) { endpoints, _ in
            let capacity = 16
            let inbox = SessionInbox<SessionInput>(capacity: capacity)
            let executor = EventLoopTaskExecutor.next()
            let endpoint = try VenueEndpoint(parsing: endpoints.webSocketURL, schemes: ("wss", "ws"))
            let socket = Task(executorPreference: executor) {
                await SocketPump.run(endpoint: endpoint, maxFrameSize: 1 << 20, pingInterval: .seconds(20), input: inbox,
                                     executor: executor)
            }
            defer { socket.cancel() }
            guard case .opened(let writer)? = await inbox.next() else {
                Issue.record("the socket did not open")
                return
            }
            try await writer.write(text: #"{"type":"subscribe","channel":"order_book/0"}"#)

            // Nobody takes frames: the inbox fills, and stays at its bound while the venue sends on.
            let filling = ContinuousClock.now + .seconds(20)
            while !inbox.isFull, ContinuousClock.now < filling { try await Task.sleep(for: .milliseconds(20)) }
            #expect(inbox.isFull)
            try await Task.sleep(for: .seconds(1))
            let held = inbox.waitingFrames
            #expect(held >= capacity)

            // Taken again: reading resumes and the book's nonces run on without a gap.
            var book = OrderBook(market: 0)
            var taken = 0
            var gaps = 0
            var bytesPastBound = 0
            let until = ContinuousClock.now + .seconds(20)
            while taken < held + 300, ContinuousClock.now < until, let item = await inbox.next() {
                guard case .text(let bytes) = item else { continue }
                taken += 1
                // What the read that reached the bound brought past it: one read, at most 64 KiB.
                if taken >= capacity && taken <= held { bytesPastBound += bytes.readableBytes }
                if case .orderBook(let update)? = try? FrameDecoder.decode(Array(bytes.readableBytesView)),
                   case .gap = book.apply(update) {
                    gaps += 1
                }
            }
            #expect(taken >= held + 300, "only \(taken) frames after the session took them again")
            // 64 KiB, and a few frames of slack: a frame begun in the read before, the one at the bound.
            #expect(bytesPastBound <= 65536 + 4096, "\(held) frames waiting, \(bytesPastBound) bytes past the bound")
            #expect(gaps == 0)
            #expect(book.bestBid != nil)
        }
    }
}
