import StreamKit
import Synchronization
import Testing

/// The session's bounded input: a flood waits at the socket instead of filling memory.
struct SessionInboxTests {
    enum Item: SessionInboxItem, Equatable {
        case text(String)
        case tick
        case other

        var isFrame: Bool { if case .text = self { true } else { false } }
        var isTick: Bool { self == .tick }
    }

    @Test func framesWaitAtTheBoundAndArriveInOrder() async throws {
        let inbox = SessionInbox<Item>(capacity: 4)
        let sent = Mutex(0)
        let producer = Task {
            for i in 0..<100 {
                await inbox.send(.text("\(i)"))
                sent.withLock { $0 += 1 }
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        // Nobody read: the producer stopped at the bound (the fifth waits for room).
        #expect(sent.withLock { $0 } == 4)
        // Control inputs never wait, and one waiting tick is enough.
        inbox.post(.tick)
        inbox.post(.tick)
        var texts: [String] = []
        var ticks = 0
        while texts.count < 100, let item = await inbox.next() {
            switch item {
            case .text(let text): texts.append(text)
            case .tick: ticks += 1
            default: break
            }
        }
        await producer.value
        #expect(texts == (0..<100).map(String.init))
        #expect(ticks == 1)
    }

    @Test func finishingReleasesAWaitingProducerAndEndsTheConsumer() async {
        let inbox = SessionInbox<Item>(capacity: 1)
        await inbox.send(.text("a"))
        let blocked = Task { await inbox.send(.text("b")) }
        try? await Task.sleep(for: .milliseconds(50))
        inbox.finish()
        await blocked.value
        if case .text("a")? = await inbox.next() {} else { Issue.record("the queued frame was lost") }
        #expect(await inbox.next() == nil)
        let waiting = Task { await inbox.next() }
        #expect(await waiting.value == nil)
    }
}
