import Foundation

/// The fields of a form body, as the venue's `sendTx` and `sendTxBatch` take them: the official
/// SDK sends `application/x-www-form-urlencoded` (`+` is a space, `%XX` a byte), CCXT's
/// synchronous client `multipart/form-data`. A body that is neither yields no fields.
struct FormFields {
    private var values: [String: String] = [:]

    /// Reads `body` by its `Content-Type` (urlencoded when the header is absent).
    init(_ body: [UInt8], contentType: String?) {
        let type = contentType ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data") else {
            self.init(String(decoding: body, as: UTF8.self))
            return
        }
        self.init("")
        if let boundary = Self.parameter("boundary", of: type) { readMultipart(body, boundary: boundary) }
    }

    /// Reads an urlencoded body.
    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first.map({ Self.decode($0) }) else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    subscript(name: String) -> String? { values[name] }

    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "+") { bytes.append(0x20) }
            else if byte == UInt8(ascii: "%"), utf8.count >= 2,
                    let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `boundary=…` of a header value, quotes removed.
    static func parameter(_ name: String, of header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Each part between `--boundary` lines: its `name` from `Content-Disposition`, its value
    /// the bytes after the blank line up to the line break before the next boundary.
    private mutating func readMultipart(_ body: [UInt8], boundary: String) {
        let delimiter = Array(("--" + boundary).utf8)
        var starts: [Int] = []
        var index = 0
        while let found = Self.find(delimiter, in: body, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        for (start, end) in zip(starts, starts.dropFirst()) {
            var part = Array(body[(start + delimiter.count)..<end])
            // The line break after the boundary line and the one before the next boundary.
            if part.starts(with: [13, 10]) { part.removeFirst(2) }
            if part.suffix(2) == [13, 10] { part.removeLast(2) }
            guard let split = Self.find([13, 10, 13, 10], in: part, from: 0) else { continue }
            let headers = String(decoding: part[..<split], as: UTF8.self)
            let value = String(decoding: part[(split + 4)...], as: UTF8.self)
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                if let name = Self.parameter("name", of: String(line)) { values[name] = value }
            }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
