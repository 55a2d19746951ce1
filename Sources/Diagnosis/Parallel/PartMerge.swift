/// Merging what the quick rules found in a later part of a log, read apart (on another core).
///
/// `DiagnosisState.scan` records only order-free facts: counts, the first lines of a signal,
/// time buckets, the rare events' marks and sets of order ids. Adding a later part's facts to an earlier part's
/// gives what one pass over both would have: the tests read every fixture split at every line
/// and compare.
extension DiagnosisState {
    /// Adds the quick rules' facts from `part`, a state that read the lines following those read
    /// here (in the same file), numbering its lines from 1. `lineOffset` is the number of lines
    /// of that file read before the part.
    mutating func absorb(_ part: DiagnosisState, lineOffset: Int) {
        lines += part.lines
        bytes += part.bytes
        longLines += part.longLines
        mojibakeLines += part.mojibakeLines
        wsTaggedLines += part.wsTaggedLines
        headerKinds.merge(part.headerKinds)

        let typeIndex = messageTypes.merge(part.messageTypes)
        timeline.merge(part.timeline, lineOffset: lineOffset) { $0 < typeIndex.count ? typeIndex[$0] : nil }
        _ = orderStatuses.merge(part.orderStatuses)
        _ = skippedStatuses.merge(part.skippedStatuses)

        func shifted(_ line: KeptLine) -> KeptLine { line.shifted(by: lineOffset) }
        for i in Signal.allCases.indices where part.signalCounts[i] > 0 {
            signalCounts.add(part.signalCounts[i], at: i)
            let room = options.evidencePerFinding - signalEvidence[i].count
            if room > 0 { signalEvidence[i] += part.signalEvidence[i].prefix(room).map(shifted) }
        }
        marketKeys.merge(part.marketKeys, keep: options.evidencePerFinding, shift: lineOffset)

        // Fills. The part's own lines already settled its candidates among themselves; what is
        // left is how they meet the earlier lines.
        pythonFillsDetected += part.pythonFillsDetected
        recoveredFills += part.recoveredFills
        statusFilledLines += part.statusFilledLines
        if part.idTrackingSaturated { idTrackingSaturated = true }
        // An order that reached `filled` later is no partial fill left behind.
        for id in part.filledStatusIDs.members {
            partialCandidates.removeValue(forKey: id)
            if tracksFilledStatus, filledStatusIDs.count < Self.maxTrackedIDs { filledStatusIDs.insert(id) }
        }
        for id in part.detectedFillIDs.members { noteFillDetected(id: id) }
        // The part's candidates count unless an earlier line detected their fill; an earlier
        // candidate keeps its (earlier) evidence.
        for (id, evidence) in part.partialCandidates.entries where !detectedFillIDs.contains(id) && partialCandidates[id] == nil {
            if partialCandidates.count < Self.maxCandidates { partialCandidates[id] = evidence.shifted(by: lineOffset) } else { idTrackingSaturated = true }
        }
        for (id, evidence) in part.unreportedFilled.entries where !detectedFillIDs.contains(id) && unreportedFilled[id] == nil {
            if unreportedFilled.count < Self.maxCandidates { unreportedFilled[id] = evidence.shifted(by: lineOffset) } else { idTrackingSaturated = true }
        }
        // A canceled order's amount shown anywhere settles it; the part's own lines already did so among themselves.
        for id in part.canceledAmountShown.members {
            canceledUnknown.removeValue(forKey: id)
            if canceledAmountShown.count < Self.maxTrackedIDs { canceledAmountShown.insert(id) } else { idTrackingSaturated = true }
        }
        for (id, evidence) in part.canceledUnknown.entries where !canceledAmountShown.contains(id) && canceledUnknown[id] == nil {
            if canceledUnknown.count < Self.maxCandidates { canceledUnknown[id] = evidence.shifted(by: lineOffset) } else { idTrackingSaturated = true }
        }

        accountSilence.absorb(part.accountSilence, lineOffset: lineOffset, accountLinePlace)
    }
}
