import LineEnds

/// Parts of a log read apart (on other cores) and absorbed in file order: `ParallelFileReading`
/// drives these for a regular file.
extension LogDiagnoser {
    /// Reads a run of whole lines of `file` with the order-free rules only, apart from the rest
    /// of the log (on another core); `absorb(_:bytes:)` then adds it, in file order. The last
    /// line may lack its newline. A part is at most 2 GiB (the file reader's chunks are MBs).
    ///
    /// `timelineWidth` is the timeline's bucket width so far (`timelineBucketSeconds`) when the
    /// part is read after others: the part starts there rather than at one second.
    package static func scanPart(_ bytes: UnsafeRawBufferPointer, file: String,
                                options: DiagnosisOptions = DiagnosisOptions(), timelineWidth: Int = 1) -> ScannedPart {
        var state = DiagnosisState(options: options)
        state.timeline = TimelineBuilder(maxBuckets: options.maxTimelineBuckets, startingWidth: timelineWidth)
        state.tracksFilledStatus = true
        state.enterFile(file)
        var ordered: [ScannedPart.Deferred] = []
        // About one line in eight is left to the ordered rules in a busy log.
        ordered.reserveCapacity(bytes.count / 1024)
        let all = bytes.bindMemory(to: UInt8.self)
        guard let base = all.baseAddress else { return ScannedPart(file: file, state: state, ordered: ordered) }
        state.partBaseAddress = Int(bitPattern: base)
        var start = 0
        var number = 0
        // Line ends are found a batch at a time, in one vector pass, ahead of the rules.
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: 256) { ends in
            guard let endsBase = ends.baseAddress else { return }
            while start < all.count {
                var found = line_ends_find(base, all.count, start, endsBase, ends.count)
                if found == 0 {
                    // The last line, with no newline after it (every line is counted with one).
                    ends[0] = Int64(all.count)
                    found = 1
                    state.bytes -= 1
                }
                for k in 0..<found {
                    let end = Int(ends[k])
                    number += 1
                    if let rest = state.scan(LineBytes(start: base + start, count: end - start), lineNumber: number),
                       let restBase = rest.bytes.baseAddress {
                        ordered.append(ScannedPart.Deferred(start: base.distance(to: restBase), line: rest, number: number))
                    }
                    start = end + 1
                }
            }
        }
        state.settleCandidateLines(base: base)
        state.timeline.flushPart()
        return ScannedPart(file: file, state: state, ordered: ordered)
    }

    /// Adds a part read by `scanPart`, after everything fed so far; `bytes` must be the bytes it
    /// read. Parts of a file are absorbed in file order, and a file is read either in parts or
    /// line by line, not both.
    package mutating func absorb(_ part: ScannedPart, bytes: UnsafeRawBufferPointer) {
        if splitterFile != nil { endOfCurrentFile() }
        if state.currentFile != part.file { state.enterFile(part.file) }
        let offset = state.currentFileLines
        state.absorb(part.state, lineOffset: offset)
        state.currentFileLines += part.state.lines
        let all = bytes.bindMemory(to: UInt8.self)
        guard let base = all.baseAddress else { return }
        // The part's timeline marks that survived the merge still point into its bytes.
        state.timeline.settleMarks(base: base, limit: options.evidenceTextBytes)
        for deferred in part.ordered {
            guard let rest = deferred.line(in: base, available: all.count) else { continue }
            state.readInOrder(rest, lineNumber: offset + deferred.lineNumber)
        }
    }

    /// The timeline's bucket width so far, in seconds (see `scanPart`).
    package var timelineBucketSeconds: Int { state.timeline.bucketSeconds }
}
