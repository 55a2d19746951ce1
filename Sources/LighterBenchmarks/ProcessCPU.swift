import Foundation

/// The CPU time this process has used, on every thread: user space (our code and the
/// libraries') apart from system time (the kernel's work for us: waking on a socket, reading it).
struct ProcessCPU {
    /// Seconds in user space.
    var user: Double
    /// Seconds in the kernel on the process's behalf.
    var system: Double

    /// Both together.
    var total: Double { user + system }

    /// The CPU used so far.
    static func now() -> ProcessCPU {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return ProcessCPU(user: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                          system: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }

    /// The CPU used between `earlier` and this reading.
    static func - (later: ProcessCPU, earlier: ProcessCPU) -> ProcessCPU {
        ProcessCPU(user: later.user - earlier.user, system: later.system - earlier.system)
    }
}
