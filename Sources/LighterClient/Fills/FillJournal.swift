import Journaling
import LighterProtocol

/// Lighter's fill journal: the venue-independent `Journal` holding `FillEvent`s, with a
/// baseline per order that was partly filled when the history began.
public typealias FillJournal = Journal<FillEvent>
/// What a Lighter fill journal holds.
public typealias FillJournalContents = JournalContents<FillEvent>
/// One line of a Lighter fill journal.
public typealias FillJournalRecord = JournalRecord<FillEvent>
/// Why a journal could not be opened, written or read.
public typealias FillJournalError = JournalError

extension FillEvent: JournaledFill {
    /// What a Lighter order had filled before the journal began.
    public typealias Baseline = OrderBaseline
}
