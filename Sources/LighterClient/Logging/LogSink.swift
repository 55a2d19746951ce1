/// Where formatted log lines go. A sink receives whole lines without the newline and must be
/// safe to call from any thread.
public protocol LogSink: Sendable {
    func write(line: String)
}
