/// Lines kept from a part read apart, as offsets. A part's bytes stay put until the part is
/// read, so a line that may become evidence (most are settled by a fill line a few lines on)
/// is kept as its offset in the part and copied only if still kept when the part ends.
extension DiagnosisState {
    /// The line's offset in the part being read apart, or nil outside a part.
    @inline(__always)
    func partOffset(_ ref: LineRef) -> Int? {
        guard let partBaseAddress, let address = ref.bytes.baseAddress else { return nil }
        return Int(bitPattern: address) - partBaseAddress
    }

    /// A line that may become evidence: as an offset within a part, copied otherwise.
    func candidateLine(_ ref: LineRef) -> KeptLine {
        if let offset = partOffset(ref) {
            return KeptLine(pendingAt: offset, count: ref.bytes.count, file: lineFile, line: ref.number)
        }
        return kept(ref)
    }

    /// Copies the candidate lines still kept as offsets into the part at `base`.
    mutating func settleCandidateLines(base: UnsafePointer<UInt8>) {
        let limit = options.evidenceTextBytes
        partialCandidates.updateValues { $0.settle(base: base, limit: limit) }
        unreportedFilled.updateValues { $0.settle(base: base, limit: limit) }
        canceledUnknown.updateValues { $0.settle(base: base, limit: limit) }
        accountSilence.settle(base: base, limit: limit)
        partBaseAddress = nil
    }
}
