import LighterProtocol
/// Everything the pass keeps: counters, small tables and a bounded number of evidence lines.
/// Nothing here grows with the number of lines. The rules (`LineRules`) write it, line by line;
/// judging (`Judge`) only reads it, once the input ends.
struct DiagnosisState: Sendable {
    let options: DiagnosisOptions

    // What was read.
    var files: [String] = []
    var filesOmitted = 0
    var currentFile: String?
    /// Lines of `currentFile` read so far (numbers the lines of parts read apart).
    var currentFileLines = 0
    var lines = 0
    var bytes = 0
    var longLines = 0
    var mojibakeLines = 0
    /// Lines by layout, level and writer.
    var headerKinds = HeaderKindCounts()
    var templates = HeaderTemplates()
    /// Lines tagged `[LIGHTER WS]`: written by the forked bot's or our verbose logging.
    var wsTaggedLines = 0
    /// Whether the log writes subscription confirmations as `Subscription confirmation:` lines
    /// (at INFO in the forked bot and ours): then a missing account confirmation means something.
    var confirmationLinesWritten = false
    var minuteCache = MinuteCache()
    var timeline: TimelineBuilder

    // Signs.
    /// By `Signal.rawValue` (`init` checks that they fit).
    var signalCounts = InlineCounts()
    var signalEvidence = Array(repeating: [KeptLine](), count: Signal.allCases.count)
    var tallies = Array(repeating: 0, count: Tally.allCases.count)

    // Tables.
    var messageTypes = ByteKeyTable(capacity: 64)
    var recentTypes = RecentKeys()
    var orderStatuses = ByteKeyTable(capacity: 32)
    var skippedStatuses = ByteKeyTable(capacity: 32)
    var unexpectedTypes = ByteKeyTable(capacity: 32)
    var unexpectedFirstLines: [Int: Evidence] = [:]
    var unexpectedPayloads: [Int: Evidence] = [:]
    /// The `UNEXPECTED MESSAGE TYPE` line just read, whose `Payload:` line follows.
    var pendingUnexpected: (type: Int?, file: String, line: Int)?
    /// Frame types a health line reported at a non-zero rate.
    var healthTypes = ByteKeyTable(capacity: 64)
    var healthSilentWindows = 0

    // Connections.
    var connectKinds = Array(repeating: 0, count: ConnectFailureKind.allCases.count)
    var reconnectCauses = Array(repeating: 0, count: ReconnectCause.allCases.count)
    /// Minutes of the last reconnects, newest last, to spot several within a short window.
    var recentReconnects: [Int] = []
    /// When the last reconnect of a connection that had come up happened (ms since 1970).
    var lastReconnectMs: Int?
    /// Which storm rule the reconnects met.
    var threeReconnectsWithinTenMinutes = false
    var twoReconnectsWithinAMinute = false
    var reconnectsTotal = 0
    var maxSilenceSeconds = 0

    // Auth and server errors, by code (-1: no code).
    var authCodes: [Int: Int] = [:]
    var serverCodes: [Int: Int] = [:]

    // Markets.
    var configuredMarkets: [Int] = []
    var marketKeys = MarketKeyCounts()
    var updateMarketKeys: [Int: Int] { Dictionary(uniqueKeysWithValues: zip(marketKeys.keys, marketKeys.counts).map { ($0, $1) }) }
    var updateMarketEvidence: [Int: [KeptLine]] {
        Dictionary(uniqueKeysWithValues: zip(marketKeys.keys, marketKeys.lines).map { ($0, $1) })
    }
    var accountAllOrdersSubscribed = false

    // Fills.
    /// `Order FILLED` lines without our `source=` field: the Python bot's detections.
    var pythonFillsDetected = 0
    var recoveredFills = 0
    var statusFilledLines = 0
    /// Order ids whose fill was detected (and, for our client, processed).
    var detectedFillIDs = IDSet()
    /// Orders seen with status `filled`, not (yet) matched by a fill line.
    var unreportedFilled = IDMap<KeptLine>()
    /// Orders with a filled amount but another status, not (yet) matched by a fill line.
    var partialCandidates = IDMap<KeptLine>()
    var idTrackingSaturated = false
    /// Orders seen reaching `filled`, kept only by a state that reads a part of a log apart
    /// (`tracksFilledStatus`): merged after earlier parts, they close those parts' partial fills.
    var filledStatusIDs = IDSet()
    var tracksFilledStatus = false
    /// In a part read apart, the address of its first byte: candidate lines are kept as offsets
    /// until the part ends (most are settled by a fill line a few lines on), then copied.
    var partBaseAddress: Int?
    /// Orders ended `canceled-*` whose filled amount no line shows (an IOC remainder may have
    /// filled in part), and the canceled orders whose amount a line did show.
    var canceledUnknown = IDMap<KeptLine>()
    var canceledAmountShown = IDSet()

    // The account channels against the rest of the stream, in time.
    var accountSilence = AccountSilenceTracker()
    /// `FrameKind` by `messageTypes` index, learnt as types appear.
    var frameKinds = [FrameKind](repeating: .unknown, count: 64)
    /// `Blind` lines whose reason names auth or the token, and the longest spell they report.
    var blindAuthLines = 0
    var maxBlindSeconds = 0
    /// Lighter numbers spot markets from 2048 (`MarketInfo.isSpot`); perpetuals sit far below.
    static let firstSpotMarket = 2048
    static let maxTrackedIDs = 200_000
    static let maxCandidates = 10_000

    // Secrets.
    var secretKinds: [String: Int] = [:]

    init(options: DiagnosisOptions) {
        precondition(Signal.allCases.count <= InlineCounts.capacity, "more signals than InlineCounts holds")
        self.options = options
        timeline = TimelineBuilder(maxBuckets: options.maxTimelineBuckets)
    }

    // MARK: Per line

    /// Reads one line: the quick rules first, then, for the lines they leave, the ordered ones.
    mutating func feed(line raw: LineBytes, file: String, lineNumber: Int) {
        if currentFile != file { enterFile(file) }
        currentFileLines += 1
        if let rest = scan(raw, lineNumber: lineNumber) {
            readInOrder(rest, lineNumber: lineNumber)
        }
    }

    /// The part of reading a line that does not depend on the lines before it: the counts every
    /// line adds and the frequent lines' rules (see `LineRules`). Returns the line when the
    /// ordered rules must still read it.
    @inline(__always)
    mutating func scan(_ raw: LineBytes, lineNumber: Int) -> OrderedLine? {
        lines += 1
        bytes += raw.count + 1
        var end = raw.count
        while end > 0, raw[end - 1] == ASCII.lf || raw[end - 1] == ASCII.cr { end -= 1 }
        if end > options.maxLineBytes {
            longLines += 1
            end = options.maxLineBytes
        }
        let line = LineBytes(rebasing: raw[0..<end])
        var header: LogHeader
        let text: TextStart
        if let known = templates.match(line, minuteCache: &minuteCache) {
            header = known.header
            text = known.text
            headerKinds.add(kind: known.kind)
        } else {
            header = LogHeader.parse(line, minuteCache: &minuteCache)
            text = TextStart.locate(in: line, from: header.messageStart, to: header.messageEnd)
            templates.learn(line, header: header, text: text)
            headerKinds.add(header)
        }
        timeline.enter(second: header.second)
        return scanMessage(LineRef(bytes: line, number: lineNumber, header: header), text: text)
    }

    /// Reads a line `scan` left, in log order.
    mutating func readInOrder(_ rest: OrderedLine, lineNumber: Int) {
        timeline.focus(second: rest.header.second)
        let ref = LineRef(bytes: rest.bytes, number: lineNumber, header: rest.header)
        if classifyInOrder(ref, text: rest.textStart, tagged: rest.tagged) == .mayHoldSecrets {
            scanForSecrets(ref)
        }
    }

    /// The file of the line being read.
    var lineFile: String { currentFile ?? "" }

    mutating func enterFile(_ file: String) {
        if currentFile != nil, currentFile != file { accountSilence.endFile(accountLinePlace) }
        currentFile = file
        currentFileLines = 0
        pendingUnexpected = nil
        if files.contains(file) { return }
        if files.count < 1000 { files.append(file) } else { filesOmitted += 1 }
    }

    private func countLines(where include: (LogHeader) -> Bool) -> Int { headerKinds.lines(where: include) }

    var levelCounts: [Int] { LogLevel.allCases.map { level in countLines { $0.level == level } } }
    var layoutCounts: [Int] { LineLayout.allCases.map { layout in countLines { $0.layout == layout } } }
    var writerCounts: [Int] { [LineWriter.pythonBot, .lighterHedge, .unknown].map { writer in countLines { $0.writer == writer } } }

    // MARK: Recording

    /// Counts a sign. Inlined: at a call site the signal is a constant, so that the frequent
    /// per-message signs (a book update, an order line) cost a count and a compare, with no call
    /// and no dispatch on the signal; keeping evidence and marking the timeline are calls.
    @inline(__always)
    mutating func note(_ signal: Signal, _ ref: LineRef) {
        // A signal keeps its first lines: as many as its count, up to the limit (merged parts too).
        if signalCounts.add(1, at: signal.rawValue) <= options.evidencePerFinding { keepEvidence(signal, ref) }
        let events = Self.timelineEvents(signal, writer: ref.header.writer)
        if let first = events.first { markTimeline(first, then: events.second, signal, ref) }
    }

    @inline(never)
    private mutating func keepEvidence(_ signal: Signal, _ ref: LineRef) {
        signalEvidence[signal.rawValue].append(kept(ref))
    }

    /// The timeline events a sign marks, most none.
    @inline(__always)
    private static func timelineEvents(_ signal: Signal, writer: LineWriter) -> (first: TimelineEvent?, second: TimelineEvent?) {
        switch signal {
        case .authRejected, .subscriptionUnconfirmed:
            (.subscriptionFailed, .finding)
        case .connectFailed, .authTokenFailed, .hedgeTimeout, .accountStreamGap, .blind, .hedgeBudgetSpent, .nakedLeg,
             .fallbackFill, .fillHandlingError, .outOfOrder, .unexpected, .undecodable, .serverError,
             .spotMarket, .noPong, .secret:
            (.finding, nil)
        case .accountSubscribeSent:
            (.subscriptionSent, nil)
        case .bookConfirmed, .accountConfirmed, .tradesConfirmed:
            (.subscriptionConfirmed, nil)
        case .fillDetected:
            (.fill, nil)
        case .fillProcessed where writer != .lighterHedge:
            // Python: the fill was counted when detected, unless the log has no detection lines.
            (.processedFill, nil)
        default:
            (nil, nil)
        }
    }

    @inline(never)
    private mutating func markTimeline(_ first: TimelineEvent, then second: TimelineEvent?, _ signal: Signal, _ ref: LineRef) {
        timelineEvent(first, ref, tag: signal.rawValue)
        if let second { timelineEvent(second, ref, tag: signal.rawValue) }
    }

    mutating func tally(_ kind: Tally) { tallies[kind.rawValue] += 1 }

    func count(_ signal: Signal) -> Int { signalCounts[signal.rawValue] }
    func count(_ kind: Tally) -> Int { tallies[kind.rawValue] }
    func evidence(of signal: Signal) -> [Evidence] { signalEvidence[signal.rawValue].map(\.evidence) }

    /// A line as evidence: secrets redacted, control characters replaced, cut to length.
    func evidence(_ ref: LineRef) -> Evidence { kept(ref).evidence }

    /// A line kept for the report, cheaply: turned into text only if the report shows it.
    func kept(_ ref: LineRef) -> KeptLine {
        KeptLine(ref.bytes, file: lineFile, line: ref.number, limit: options.evidenceTextBytes)
    }

    mutating func noteReconnect(_ cause: ReconnectCause, _ ref: LineRef) {
        reconnectsTotal += 1
        reconnectCauses[cause.rawValue] += 1
        timelineEvent(.reconnect, ref, tag: cause.rawValue)
        // Three reconnects within ten minutes make a storm, and so do two within a minute of a
        // connection that had come up (a short log can hold no third).
        guard let minute = ref.header.minute else { return }
        var quick = false
        if cause != .connectFailed, let ms = ref.header.milliseconds(in: ref.bytes) {
            if let last = lastReconnectMs, ms >= last, ms - last <= 60_000 { quick = true }
            lastReconnectMs = ms
        }
        recentReconnects.append(minute)
        if recentReconnects.count > 3 { recentReconnects.removeFirst() }
        let three = recentReconnects.count == 3 && recentReconnects.first.map { minute - $0 <= 10 } == true
        if three { threeReconnectsWithinTenMinutes = true }
        if quick { twoReconnectsWithinAMinute = true }
        if quick || three { note(.storm, ref) }
    }

    mutating func noteConfiguredMarket(_ market: Int, _ ref: LineRef) {
        if !configuredMarkets.contains(market), configuredMarkets.count < 16 { configuredMarkets.append(market) }
        note(.marketConfig, ref)
        if market >= Self.firstSpotMarket { note(.spotMarket, ref) }
    }

    mutating func noteFillDetected(id: UInt64) {
        partialCandidates.removeValue(forKey: id)
        unreportedFilled.removeValue(forKey: id)
        if detectedFillIDs.count < Self.maxTrackedIDs {
            detectedFillIDs.insert(id)
        } else {
            idTrackingSaturated = true
        }
    }

    /// An order reached `filled`: it is no longer a partial fill left behind; whether its fill was
    /// reported is now the question.
    mutating func noteFilledStatus(_ id: UInt64, _ ref: LineRef) {
        statusFilledLines += 1
        partialCandidates.removeValue(forKey: id)
        if tracksFilledStatus {
            if filledStatusIDs.count < Self.maxTrackedIDs { filledStatusIDs.insert(id) } else { idTrackingSaturated = true }
        }
        noteCandidate(id, partial: false, ref)
    }

    mutating func noteCandidate(_ id: UInt64, partial: Bool, _ ref: LineRef) {
        guard !detectedFillIDs.contains(id) else { return }
        if partial {
            guard partialCandidates[id] == nil else { return }
            if partialCandidates.count < Self.maxCandidates { partialCandidates[id] = candidateLine(ref) } else { idTrackingSaturated = true }
        } else {
            guard unreportedFilled[id] == nil else { return }
            if unreportedFilled.count < Self.maxCandidates { unreportedFilled[id] = candidateLine(ref) } else { idTrackingSaturated = true }
        }
    }

    // MARK: Secrets

    mutating func scanForSecrets(_ ref: LineRef) {
        // The header (time, logger, level) holds no credential: the message is what is printed.
        let hits = SecretScanner.scan(ref.bytes, in: min(ref.header.messageStart, ref.bytes.count)..<ref.bytes.count, firstOnly: false)
        guard !hits.isEmpty else { return }
        for hit in hits { secretKinds[hit.kind.rawValue, default: 0] += 1 }
        note(.secret, ref)
    }
}
