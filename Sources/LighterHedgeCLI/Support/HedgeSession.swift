import Foundation
import HedgeEngine
import HedgeRuntime
import Logging

/// Runs a prepared hedge run for a person: a live status line, a clean stop on the first
/// SIGINT or SIGTERM (the quote canceled, what is naked hedged), an immediate exit on the
/// second (the ledger holds everything acted on: a restart carries on), an optional time
/// limit, and the closing table. Shared by `run` and `demo`.
enum HedgeSession {
    /// Prepares the run (its engine's steps logged), says `announce` of it, runs it and prints
    /// the closing table. Returns the last status and whether nothing was left naked.
    static func prepareAndRun(_ plan: HedgeRunPlan, logger: Logger, seconds: Int?,
                              announce: (HedgeRun) -> String) async throws -> (EngineStatus, flat: Bool) {
        let run: HedgeRun
        do {
            run = try await HedgeRun.prepare(plan, logger: logger, onStep: { HedgeConsole.log($0, $1, to: logger) })
        } catch { throw RuntimeFailure("\(error)") }
        logger.info("\(announce(run))")
        let status = try await self.run(run, iterations: plan.configuration.iterations, seconds: seconds, logger: logger)
        let flat = try HedgeConsole.summary(run.ledger, status: status, iterations: plan.configuration.iterations)
        Terminal.flush()
        return (status, flat)
    }

    /// Returns the engine's last status.
    static func run(_ run: HedgeRun, iterations: Int, seconds: Int?, logger: Logger) async throws -> EngineStatus {
        let interactive = isatty(STDOUT_FILENO) == 1
        let engine = run.engine
        let statusTask = Task {
            var ticks = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                ticks += 1
                let line = HedgeConsole.statusLine(await engine.status, iterations: iterations)
                if interactive { Terminal.status(line) } else if ticks % 10 == 0 { Terminal.printLine("status: " + line) }
            }
        }
        let signals = Task {
            guard let first = await TerminationSignal.wait() else { return }
            logger.warning("Signal \(first): stopping cleanly (canceling the quote, hedging what is naked); again to exit at once")
            run.requestStop()
            guard await TerminationSignal.wait() != nil else { return }
            logger.critical("Second signal: exiting now; the ledger holds every fill and order, a restart carries on")
            Terminal.flush()
            exit(130)
        }
        let timer = Task {
            guard let seconds else { return }
            try? await Task.sleep(for: .seconds(seconds))
            guard !Task.isCancelled else { return }
            logger.info("Time limit of \(seconds) s reached: stopping cleanly")
            run.requestStop()
        }
        defer {
            statusTask.cancel()
            signals.cancel()
            timer.cancel()
        }
        do { try await run.run() } catch {
            if interactive { Terminal.endStatus() }
            throw RuntimeFailure(error.description)
        }
        if interactive { Terminal.endStatus() }
        return await engine.status
    }
}
