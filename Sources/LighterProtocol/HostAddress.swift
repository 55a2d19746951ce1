/// Reads a host as an address, for decisions that must not be fooled by text that merely
/// starts like one: `127.0.0.1.evil.example` and `localhost.evil.example` are remote names.
public enum HostAddress {
    /// True when `host` is this machine's loopback: an IPv4 literal in 127.0.0.0/8 (four
    /// decimal octets 0-255), the IPv6 loopback in any spelling (`::1`, `[::1]`,
    /// `0:0:0:0:0:0:0:1`), or the name `localhost` in any case. Everything else is remote,
    /// including forms a resolver might still map to loopback (`127.1`, octets with leading
    /// zeros, which some resolvers read as octal, `localhost.`): the safe mistake is to ask
    /// for TLS where none was needed.
    public static func isLoopback(_ host: String) -> Bool {
        var text = Substring(host)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if text.lowercased() == "localhost" { return true }
        if let octets = ipv4(text) { return octets[0] == 127 }
        if let groups = ipv6(text) { return groups.dropLast().allSatisfy { $0 == 0 } && groups.last == 1 }
        return false
    }

    /// The four octets of a dotted-decimal IPv4 literal; nil for anything else (fewer parts,
    /// values above 255, signs, leading zeros).
    public static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  part.utf8.count == 1 || part.utf8.first != UInt8(ascii: "0"),
                  let value = UInt8(part) else { return nil }
            octets.append(value)
        }
        return octets
    }

    /// The eight 16-bit groups of an IPv6 literal (without brackets): hex groups of 1-4
    /// digits, at most one `::`, an optional dotted IPv4 tail. Nil for anything else,
    /// zone identifiers (`%eth0`) included.
    public static func ipv6(_ text: Substring) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        guard let gap = doubleColon(in: text) else {
            guard let all = groups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            return all
        }
        let after = text[gap.upperBound...]
        guard doubleColon(in: after) == nil, let head = groups(text[..<gap.lowerBound], allowIPv4Tail: false),
              let tail = groups(after, allowIPv4Tail: true), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// Where the first `::` is.
    private static func doubleColon(in text: Substring) -> Range<Substring.Index>? {
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" { return index..<text.index(after: next) }
            index = next
        }
        return nil
    }

    /// Colon-separated hex groups; an empty text is no groups.
    private static func groups(_ text: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if allowIPv4Tail, index == parts.count - 1, part.contains(".") {
                guard let octets = ipv4(part) else { return nil }
                result.append(UInt16(octets[0]) << 8 | UInt16(octets[1]))
                result.append(UInt16(octets[2]) << 8 | UInt16(octets[3]))
                continue
            }
            guard (1...4).contains(part.utf8.count), part.utf8.allSatisfy({ isHexDigit($0) }),
                  let value = UInt16(part, radix: 16) else { return nil }
            result.append(value)
        }
        return result
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) || (byte >= 65 && byte <= 70)
    }
}
