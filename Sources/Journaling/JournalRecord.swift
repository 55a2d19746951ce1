/// One line of a journal: a fill, or a mark for where the history begins, what was already
/// filled then, how far each run got, and which process holds the journal. Marks carry a
/// `kind` key; a fill line has none.
public enum JournalRecord<Fill: JournaledFill>: Sendable, Hashable {
    case fill(Fill)
    case origin(JournalOrigin)
    case baseline(Fill.Baseline)
    case checkpoint(JournalCheckpoint)
    case run(JournalRun)
}
