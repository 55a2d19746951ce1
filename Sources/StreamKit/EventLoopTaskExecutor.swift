import NIOCore
import NIOPosix

/// Runs tasks on one NIO event loop. A session whose tasks prefer it runs on the thread that
/// reads its socket, so a frame reaches the session's loop without waking another thread: a job
/// enqueued from the loop's own thread is an append to its queue.
package final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    /// Where the tasks run, and where the connection made through it lives.
    package let loop: any EventLoop

    /// An executor on `loop`.
    package init(loop: any EventLoop) { self.loop = loop }

    /// An executor on the next loop of NIO's shared group (the one WSClient uses by default).
    package static func next() -> EventLoopTaskExecutor {
        EventLoopTaskExecutor(loop: MultiThreadedEventLoopGroup.singleton.next())
    }

    /// Runs the job on the loop, after what the loop has already queued.
    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
