import StreamKit

extension TextSanitizer {
    /// Redacted (tokens, keys), escaped and cut to `limit` characters: for any string from the
    /// network on its way to a terminal, a log or a file.
    public static func forDisplay(_ text: String, limit: Int) -> String {
        GuideLog.clean(text, limit: limit)
    }
}
