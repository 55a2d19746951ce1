import Foundation
import LighterProtocol
import Synchronization

/// Kills a command's process group once, remembering why.
final class ProcessGroupStopper: Sendable {
    private let group: Int32
    private let why = Mutex<String?>(nil)

    init(group: Int32) { self.group = group }

    func stop(_ reason: String) {
        let first = why.withLock { current -> Bool in
            guard current == nil else { return false }
            current = reason
            return true
        }
        if first { kill(-group, SIGKILL) }
    }

    var reason: String? { why.withLock { $0 } }
}
