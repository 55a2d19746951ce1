import Journaling

/// Backpack's fill journal: the venue-independent `Journal` holding `BackpackFillEvent`s. Its
/// baselines are the trade ids at the origin's own millisecond that were already history.
public typealias BackpackFillJournal = Journal<BackpackFillEvent>
/// What a Backpack fill journal holds.
public typealias BackpackFillJournalContents = JournalContents<BackpackFillEvent>

extension BackpackFillEvent: JournaledFill {
    /// The trades at the origin's millisecond that were already history.
    public typealias Baseline = BackpackTradeKey
}
