import LighterProtocol
/// The line layouts a hedge-bot log can have.
enum LineLayout: Int, CaseIterable {
    /// `%(asctime)s - hedge_bot_ETH - INFO - message` (the Python bot's file, and ours).
    case file
    /// `INFO:hedge_bot_ETH:message` (the Python bot's console, often redirected to a file).
    case console
    /// `{"time":"…","level":"info","logger":"…","message":"…"}` (ours with `--log-format json`).
    case json
    /// Anything else: tracebacks, `print()` output, lines cut by a crash.
    case bare

    var name: String {
        switch self {
        case .file: "file"
        case .console: "console"
        case .json: "json"
        case .bare: "bare"
        }
    }
}

enum LogLevel: Int, CaseIterable {
    case debug, info, warning, error, critical, none

    var name: String {
        switch self {
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        case .none: "none"
        }
    }
}

/// Who wrote a line, told by its logger name.
enum LineWriter: Int {
    /// `hedge_bot_*`: the Python hedge bot.
    case pythonBot
    /// `lighter_hedge_*`: LighterHedge's own client.
    case lighterHedge
    case unknown
}

/// Where a line's message is and what its prefix says.
struct LogHeader {
    var layout: LineLayout = .bare
    var level: LogLevel = .none
    var writer: LineWriter = .unknown
    /// Seconds since 1970 of the line's timestamp, read as written (Python's asctime is local time).
    var second: Int?
    var messageStart = 0
    var messageEnd = 0

    var minute: Int? { second.map { floorDivide($0, 60) } }

    /// Milliseconds since 1970 of the line's timestamp, as written: `second` with the fraction
    /// that follows it (`,123` in asctime, `.123` in ISO 8601), or the second's start when there
    /// is none; nil when the line has no timestamp. The timeline's marks and the account-silence
    /// rule read the same clock, so a silence and the marks around it line up.
    @inline(__always)
    func milliseconds(in line: LineBytes) -> Int? {
        guard let second else { return nil }
        let at = (layout == .json ? 9 : 0) + 19
        guard line.count >= at + 4, line[at] == ASCII.comma || line[at] == UInt8(ascii: ".") else { return second * 1000 }
        let a = line[at + 1] &- ASCII.zero, b = line[at + 2] &- ASCII.zero, c = line[at + 3] &- ASCII.zero
        guard a < 10, b < 10, c < 10 else { return second * 1000 }
        return second * 1000 + Int(a) * 100 + Int(b) * 10 + Int(c)
    }

    /// Reads the prefix of `line`. `minuteCache` remembers the last `YYYY-MM-DD HH:MM` seen,
    /// so that most lines skip the date arithmetic.
    static func parse(_ line: LineBytes, minuteCache: inout MinuteCache) -> LogHeader {
        var header = LogHeader()
        header.messageEnd = line.count
        guard let first = line.first else { return header }
        if ASCII.isDigit(first) {
            if parseFile(line, into: &header, minuteCache: &minuteCache) { return header }
        } else if first == ASCII.openBrace {
            if parseJSON(line, into: &header, minuteCache: &minuteCache) { return header }
        } else if first &- UInt8(ascii: "A") < 26 {
            if parseConsole(line, into: &header) { return header }
        }
        return header
    }

    /// `2025-12-22 14:03:07,123 - hedge_bot_ETH - INFO - message`
    private static func parseFile(_ line: LineBytes, into header: inout LogHeader,
                                  minuteCache: inout MinuteCache) -> Bool {
        guard line.count > 24, line[4] == ASCII.dash, line[7] == ASCII.dash,
              line[10] == ASCII.space || line[10] == UInt8(ascii: "T"),
              line[13] == ASCII.colon, line[16] == ASCII.colon,
              let nameStart = line.match(" - ", at: 23) ?? line.findEnd(" - ", from: 19, to: 40) else { return false }
        // Logger names have no spaces: the first space after the name is the separator's.
        guard let space = line.index(of: ASCII.space, from: nameStart, to: nameStart + 200),
              let levelSeparator = line.match(" - ", at: space).map({ space..<$0 }) ?? line.findRange(" - ", from: space, to: nameStart + 200)
        else { return false }
        let level = readLevel(line, at: levelSeparator.upperBound)
        guard level.level != .none, let messageStart = line.match(" - ", at: level.end) else { return false }
        header.layout = .file
        header.level = level.level
        header.writer = writer(line, nameStart..<levelSeparator.lowerBound)
        header.second = minuteCache.second(line, at: 0)
        header.messageStart = messageStart
        return true
    }

    /// `INFO:hedge_bot_ETH:message`
    private static func parseConsole(_ line: LineBytes, into header: inout LogHeader) -> Bool {
        let level = readLevel(line, at: 0)
        guard level.level != .none, level.end < line.count, line[level.end] == ASCII.colon,
              let nameEnd = line.index(of: ASCII.colon, from: level.end + 1, to: level.end + 200) else { return false }
        header.layout = .console
        header.level = level.level
        header.writer = writer(line, (level.end + 1)..<nameEnd)
        header.messageStart = nameEnd + 1
        return true
    }

    /// `{"time":"2026-11-27T10:29:58.964Z","level":"info","logger":"lighter_hedge_ETH","message":"…","metadata":{}}`
    private static func parseJSON(_ line: LineBytes, into header: inout LogHeader,
                                  minuteCache: inout MinuteCache) -> Bool {
        guard line.has("{\"time\":\"", at: 0), line.count > 40,
              let levelKey = line.findRange("\"level\":\"", from: 9, to: 60),
              let messageKey = line.findRange("\"message\":\"", from: levelKey.lowerBound, to: levelKey.lowerBound + 300) else { return false }
        header.layout = .json
        header.second = minuteCache.second(line, at: 9)
        header.level = readJSONLevel(line, at: levelKey.upperBound)
        if let logger = line.findEnd("\"logger\":\"", from: levelKey.lowerBound, to: messageKey.lowerBound),
           let loggerEnd = line.index(of: ASCII.quote, from: logger, to: messageKey.lowerBound) {
            header.writer = writer(line, logger..<loggerEnd)
        }
        header.messageStart = messageKey.upperBound
        // The message ends where the metadata object begins; search back from the end,
        // metadata being short.
        var end = line.count
        var i = line.count - 14
        let floor = max(header.messageStart, line.count - 4096)
        while i >= floor {
            if line[i] == ASCII.quote, line.has("\",\"metadata\":", at: i) { end = i; break }
            i -= 1
        }
        header.messageEnd = end
        return true
    }

    private static func readLevel(_ line: LineBytes, at i: Int) -> (level: LogLevel, end: Int) {
        if let end = line.match("INFO", at: i) { return (.info, end) }
        if let end = line.match("DEBUG", at: i) { return (.debug, end) }
        if let end = line.match("WARNING", at: i) { return (.warning, end) }
        if let end = line.match("ERROR", at: i) { return (.error, end) }
        if let end = line.match("CRITICAL", at: i) { return (.critical, end) }
        if let end = line.match("WARN", at: i) { return (.warning, end) }
        return (.none, i)
    }

    private static func readJSONLevel(_ line: LineBytes, at i: Int) -> LogLevel {
        if line.has("info", at: i) || line.has("notice", at: i) { return .info }
        if line.has("debug", at: i) || line.has("trace", at: i) { return .debug }
        if line.has("warning", at: i) { return .warning }
        if line.has("error", at: i) { return .error }
        if line.has("critical", at: i) { return .critical }
        return .none
    }

    private static func writer(_ line: LineBytes, _ name: Range<Int>) -> LineWriter {
        if line.has("hedge_bot", at: name.lowerBound) { return .pythonBot }
        if line.has("lighter_hedge", at: name.lowerBound) { return .lighterHedge }
        return .unknown
    }
}

/// Converts `YYYY-MM-DD HH:MM:SS` to seconds since 1970, remembering the last minute: a log
/// writes many lines per minute, and the seconds cost two digits.
struct MinuteCache {
    private var lastPrefix: (UInt64, UInt64) = (0, 0)
    private var lastMinute: Int?

    /// A stamp cut after its minute counts from the minute's start.
    @inline(__always)
    mutating func second(_ line: LineBytes, at offset: Int) -> Int? {
        guard let minute = minute(line, at: offset) else { return nil }
        guard line.count >= offset + 19 else { return minute * 60 }
        let tens = line[offset + 17] &- ASCII.zero, ones = line[offset + 18] &- ASCII.zero
        guard tens < 6, ones < 10 else { return minute * 60 }
        return minute * 60 + Int(tens) * 10 + Int(ones)
    }

    /// `second(line, at: 0)` for a line whose first 16 bytes, loaded as words, are `prefix`, and
    /// whose bytes 16-23 are `secondsWord` (little-endian).
    @inline(__always)
    mutating func second(_ line: LineBytes, prefix: (UInt64, UInt64), secondsWord: UInt64) -> Int? {
        let minute: Int
        if prefix == lastPrefix, let last = lastMinute {
            minute = last
        } else {
            lastPrefix = prefix
            lastMinute = Self.parse(line, at: 0)
            guard let parsed = lastMinute else { return nil }
            minute = parsed
        }
        let tens = UInt8(truncatingIfNeeded: secondsWord >> 8) &- ASCII.zero, ones = UInt8(truncatingIfNeeded: secondsWord >> 16) &- ASCII.zero
        guard tens < 6, ones < 10 else { return minute &* 60 }
        return minute &* 60 &+ Int(tens) &* 10 &+ Int(ones)
    }

    private mutating func minute(_ line: LineBytes, at offset: Int) -> Int? {
        guard offset >= 0, line.count >= offset + 16, let base = line.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base + offset)
        // The first 16 bytes hold the date, hour and minute.
        let prefix = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if prefix == lastPrefix, lastMinute != nil { return lastMinute }
        let minute = Self.parse(line, at: offset)
        lastPrefix = prefix
        lastMinute = minute
        return minute
    }

    private static func parse(_ line: LineBytes, at o: Int) -> Int? {
        func digits(_ at: Int, _ n: Int) -> Int? {
            var v = 0
            for k in 0..<n {
                let b = line[o + at + k]
                guard ASCII.isDigit(b) else { return nil }
                v = v * 10 + Int(b - ASCII.zero)
            }
            return v
        }
        guard let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60 else { return nil }
        return CivilTime.days(year: year, month: month, day: day) * 1440 + hour * 60 + minute
    }
}

