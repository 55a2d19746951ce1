/// What was read.
public struct InputSummary: Codable, Sendable, Hashable {
    /// The files' names in the order first read; past a thousand, a last `(N more files)`.
    public var files: [String]
    /// Lines read, in all files.
    public var lines: Int
    /// Bytes read, line endings included: the input's size.
    public var bytes: Int
    /// Lines by level: `DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`, `none`.
    public var levels: [String: Int]
    /// Lines by layout: `file`, `console`, `json`, `bare`.
    public var layouts: [String: Int]
    /// Lines by writer: `python-bot`, `lighter-hedge`, `unknown`.
    public var writers: [String: Int]
    /// Lines whose emoji were garbled by a Windows-1252 round trip (`ðŸ“¨`, `âœ…`, `âš ï¸`).
    public var mojibakeLines: Int
    /// Lines longer than the reader keeps (their tail was not examined).
    public var longLines: Int
    /// The earliest timestamp read, as written (`2025-12-22 14:03:07`); nil without any.
    public var firstTimestamp: String?
    /// The latest timestamp read, as written; nil without any.
    public var lastTimestamp: String?

    /// A summary as given; counts left out are zero.
    public init(files: [String] = [], lines: Int = 0, bytes: Int = 0, levels: [String: Int] = [:],
                layouts: [String: Int] = [:], writers: [String: Int] = [:], mojibakeLines: Int = 0,
                longLines: Int = 0, firstTimestamp: String? = nil, lastTimestamp: String? = nil) {
        self.files = files; self.lines = lines; self.bytes = bytes; self.levels = levels; self.layouts = layouts
        self.writers = writers; self.mojibakeLines = mojibakeLines; self.longLines = longLines
        self.firstTimestamp = firstTimestamp; self.lastTimestamp = lastTimestamp
    }
}
