/// Why a journal could not be opened, written or read.
public enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A system call failed: on which file, doing what, and the system's reason.
    case io(path: String, operation: String, reason: String)
    /// A complete line that is not a fill. Lines are numbered from 1.
    case corruptLine(path: String, line: Int, reason: String)
    /// Another process holds the journal (its pid when the journal names it).
    case locked(path: String, holderPID: Int32?)

    /// One line naming the file and what failed; for `locked`, what to do about it.
    public var description: String {
        switch self {
        case .io(let path, let operation, let reason): "fill journal \(path): \(operation) failed: \(reason)"
        case .corruptLine(let path, let line, let reason): "fill journal \(path):\(line): corrupt line: \(reason)"
        case .locked(let path, let pid):
            "fill journal \(path) is in use by another process\(pid.map { " (pid \($0))" } ?? ""): "
                + "two watchers on one journal would both report every fill; stop it or give another --journal"
        }
    }
}
