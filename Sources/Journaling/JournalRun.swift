/// A process opened the journal: names the holder when a second one is refused.
public struct JournalRun: Sendable, Hashable, Codable {
    /// `run`: tells a run mark from a fill, whose line has no `kind`.
    public var kind = "run"
    /// The process that opened the journal.
    public var pid: Int32
    /// Its local wall clock when it opened it, milliseconds since the epoch.
    public var startedMs: Int64
    /// The mark of process `pid` opening the journal.
    public init(pid: Int32, startedMs: Int64) { self.pid = pid; self.startedMs = startedMs }
}
