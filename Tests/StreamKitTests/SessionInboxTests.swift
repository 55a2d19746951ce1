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

    @Test func aFullInboxHoldsTheReaderUntilTheSessionTakesAFrame() async {
        let inbox = SessionInbox<Item>(capacity: 4)
        for i in 0..<4 { inbox.post(.text("\(i)")) }
        #expect(inbox.isFull)
        let resumed = Mutex(0)
        inbox.onRoom { resumed.withLock { $0 += 1 } }
        #expect(resumed.withLock { $0 } == 0)
        // Control inputs never wait, and one waiting tick is enough.
        inbox.post(.tick)
        inbox.post(.tick)
        #expect(inbox.isFull)
        #expect(await inbox.next() == .text("0"))
        #expect(!inbox.isFull)
        #expect(resumed.withLock { $0 } == 1)
        // With room already there, the reader goes on at once.
        inbox.onRoom { resumed.withLock { $0 += 1 } }
        #expect(resumed.withLock { $0 } == 2)
        var rest: [Item] = []
        for _ in 0..<4 { if let item = await inbox.next() { rest.append(item) } }
        #expect(rest == [.text("1"), .text("2"), .text("3"), .tick])
    }

    @Test func finishingReleasesAHeldReaderAndEndsTheConsumer() async {
        let inbox = SessionInbox<Item>(capacity: 1)
        inbox.post(.text("a"))
        let resumed = Mutex(false)
        inbox.onRoom { resumed.withLock { $0 = true } }
        #expect(!resumed.withLock { $0 })
        inbox.finish()
        #expect(resumed.withLock { $0 })
        #expect(!inbox.isFull)
        #expect(!inbox.post(.text("b")))
        if case .text("a")? = await inbox.next() {} else { Issue.record("the queued frame was lost") }
        #expect(await inbox.next() == nil)
        let waiting = Task { await inbox.next() }
        #expect(await waiting.value == nil)
    }

    @Test func theSessionCountsAsWaitingOnlyWhenItWaitsWithNothingQueued() async throws {
        let inbox = SessionInbox<Item>(capacity: 4)
        // Not waiting yet: a frame handled on the spot could overtake the session's work.
        #expect(!inbox.sessionIsWaiting)
        let consumer = Task { await inbox.next() }
        let deadline = ContinuousClock.now + .seconds(10)
        while !inbox.sessionIsWaiting, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(inbox.sessionIsWaiting)
        inbox.post(.text("a"))
        // Handed to the waiting session: it is no longer at rest.
        #expect(!inbox.sessionIsWaiting)
        #expect(await consumer.value == .text("a"))
        inbox.post(.text("b"))
        #expect(!inbox.sessionIsWaiting)
    }
}
