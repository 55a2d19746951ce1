/// The engine's 64-bit order ids as Backpack's 32-bit client ids, and back.
///
/// The engine's ids are the wall clock in milliseconds times 100 (plus a count), so their low
/// 32 bits repeat only every 2^32 / 100 ms, about 11.9 hours. The venue id is those low bits;
/// back, an id this process sent is looked up, and any other (a previous run's, seen in a fill
/// after a restart) is the id with those low bits closest to the venue's time of the event.
struct BackpackClientIDs: Sendable {
    private var sent: [UInt32: Int64] = [:]
    private var sentOrder: [UInt32] = []
    /// Ids remembered at most; older ones are recovered from the clock.
    static let memory = 4_096

    /// The venue's client id for the engine's `id`; remembered for the way back.
    mutating func venueID(for id: Int64) -> UInt32 {
        let venue = UInt32(truncatingIfNeeded: id)
        if sent.updateValue(id, forKey: venue) == nil { sentOrder.append(venue) }
        if sentOrder.count > Self.memory {
            let dropped = sentOrder.removeFirst()
            sent[dropped] = nil
        }
        return venue
    }

    /// The engine's id for the venue's client id of an order the venue reported at `nearMs`.
    func engineID(for venue: UInt32, nearMs: Int64) -> Int64 {
        if let id = sent[venue] { return id }
        return Self.expand(venue, near: nearMs &* 100)
    }

    /// The number with these low 32 bits closest to `reference`.
    static func expand(_ low: UInt32, near reference: Int64) -> Int64 {
        let span: Int64 = 1 << 32
        let base = (reference >> 32) << 32
        let candidates = [base - span, base, base + span].map { $0 | Int64(low) }.filter { $0 > 0 }
        return candidates.min { abs($0 - reference) < abs($1 - reference) } ?? Int64(low)
    }
}
