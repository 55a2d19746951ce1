import ArgumentParser

/// The options of the decode-and-apply benchmarks (`bench book`, `bench backpack-depth`).
struct DecodeApplyOptions: ParsableArguments {
    @Option(help: "Update frames to decode and apply.")
    var frames = 1_000_000

    @Option(help: "Levels per update frame (split between asks and bids).")
    var levels = 2

    @Option(help: "Frames for the JSONDecoder baseline (it is slow; a sample is enough).")
    var baselineFrames = 100_000

    @Option(help: "Timed repetitions; the best is reported.")
    var runs = 3

    func validate() throws {
        guard (1_000...50_000_000).contains(frames) else { throw ValidationError("--frames must be 1000 to 50,000,000") }
        guard (1...200).contains(levels) else { throw ValidationError("--levels must be 1 to 200") }
        guard (100...frames).contains(baselineFrames) else { throw ValidationError("--baseline-frames must be 100 to --frames") }
        guard (1...20).contains(runs) else { throw ValidationError("--runs must be 1 to 20") }
    }
}
