/// Blindness bookkeeping: whether any fill source (a live account stream, a recent successful
/// reconciliation) is alive, since when none is, and how long the run has been blind in all.
/// The client says what is alive; this decides when that becomes news worth a loud line.
package struct SightWatch: Sendable, Hashable {
    /// What `update` found worth reporting.
    package enum Change: Sendable, Hashable {
        /// No source for `forMs` (the first line of a spell, or a repeat).
        case blind(forMs: Int64)
        /// A source is back after `blindMs` of blindness.
        case restored(blindMs: Int64)
    }

    /// Since when no source has been alive (local milliseconds); nil while one is.
    package private(set) var notAliveSinceMs: Int64?
    /// Since when the client has been declared blind; nil when it is not.
    package private(set) var blindSinceMs: Int64?
    private var lastBlindLineMs: Int64 = 0
    /// Blind time of the spells already over.
    package private(set) var blindTotalMs: Int64 = 0

    /// A watch that has seen nothing yet.
    package init() {}

    /// Records whether a source is alive at `nowMs`. Blind is declared after `blindAfterMs`
    /// without a source and repeated every `repeatMs` while it lasts.
    package mutating func update(alive: Bool, nowMs: Int64, blindAfterMs: Int64, repeatMs: Int64) -> Change? {
        if alive {
            defer { notAliveSinceMs = nil; blindSinceMs = nil }
            guard let since = blindSinceMs else { return nil }
            let blind = nowMs - since
            blindTotalMs += blind
            return .restored(blindMs: blind)
        }
        let since = notAliveSinceMs ?? nowMs
        notAliveSinceMs = since
        guard nowMs - since >= blindAfterMs else { return nil }
        let first = blindSinceMs == nil
        guard first || nowMs - lastBlindLineMs >= repeatMs else { return nil }
        if first { blindSinceMs = since }
        lastBlindLineMs = nowMs
        return .blind(forMs: nowMs - since)
    }

    /// `update` with the thresholds of `policy`.
    package mutating func update(alive: Bool, nowMs: Int64, policy: BlindnessPolicy) -> Change? {
        update(alive: alive, nowMs: nowMs, blindAfterMs: policy.after.wholeMilliseconds,
               repeatMs: policy.repeatEvery.wholeMilliseconds)
    }

    /// Blind time so far, a spell still open included.
    package func blindMilliseconds(nowMs: Int64) -> Int64 {
        blindTotalMs + (blindSinceMs.map { nowMs - $0 } ?? 0)
    }
}
