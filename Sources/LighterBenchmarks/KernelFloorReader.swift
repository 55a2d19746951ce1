#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LighterProtocol

/// The least a process can do to receive a WebSocket stream: one blocking `poll` and one `read`
/// a wake-up, the frames' headers walked to count text frames, nothing else (no event loop, no
/// allocation a frame). What it costs a frame is the kernel's wake-up and copy on this machine:
/// the floor under any reader of the same stream. Loopback `ws://` only; for `bench stream`.
struct KernelFloorReader {
    /// Why the floor reader could not read.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong, in one line.
        var description: String
    }

    private let descriptor: Int32
    private var buffer: [UInt8]
    private var held = 0

    /// Connects to `host:port` (an IPv4 loopback address), upgrades `path` and, when given,
    /// subscribes with `subscribe` (a text message, sent masked as a client must).
    init(host: String, port: Int, path: String, subscribe: String?) throws {
        guard let address = HostAddress.ipv4(Substring(host)) else { throw Failure(description: "the floor reader takes an IPv4 address, not \(host)") }
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(port).bigEndian)
        target.sin_addr.s_addr = (UInt32(address[0]) << 24 | UInt32(address[1]) << 16 | UInt32(address[2]) << 8 | UInt32(address[3])).bigEndian
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            _ = Self.closeDescriptor(fd)
            throw Failure(description: "connect to \(host):\(port) failed")
        }
        descriptor = fd
        buffer = [UInt8](repeating: 0, count: 1 << 20)
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(Self.requestKey)\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try send(Array(request.utf8))
        try readUpgradeAnswer()
        if let subscribe { try send(try Self.clientFrame(subscribe)) }
    }

    /// `text` as a client's text frame. A client's frame is masked; a zero mask leaves the
    /// payload as it is.
    static func clientFrame(_ text: String) throws -> [UInt8] {
        let payload = Array(text.utf8)
        guard payload.count < 126 else { throw Failure(description: "the subscribe message is too long for the floor reader") }
        return [0x81, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload
    }

    /// The upgraded socket, for another reader to take over (before anything was subscribed:
    /// nothing is held). The floor reader must not be used after this.
    func takeDescriptor() -> Int32 { descriptor }

    /// Reads until `seconds` have passed; the text frames counted.
    mutating func count(for seconds: Double) throws -> Int {
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int64(seconds * 1000))
        var frames = 0
        var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while clock.now < end {
            guard poll(&waiting, 1, 100) > 0 else { continue }
            let got = readMore()
            guard got > 0 else { throw Failure(description: "the stream ended") }
            held += got
            frames += walkFrames()
        }
        return frames
    }

    /// Closes the socket.
    func close() { _ = Self.closeDescriptor(descriptor) }

    private static func closeDescriptor(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(fd)
        #else
        Darwin.close(fd)
        #endif
    }

    /// Counts the whole frames held and keeps the partial one at the front.
    private mutating func walkFrames() -> Int {
        var at = 0
        var text = 0
        while held - at >= 2 {
            var length = Int(buffer[at + 1] & 0x7f)
            var header = 2
            if length == 126 {
                guard held - at >= 4 else { break }
                length = Int(buffer[at + 2]) << 8 | Int(buffer[at + 3])
                header = 4
            } else if length == 127 {
                guard held - at >= 10 else { break }
                length = (0..<8).reduce(0) { $0 << 8 | Int(buffer[at + 2 + $1]) }
                header = 10
            }
            guard held - at >= header + length else { break }
            if buffer[at] & 0x0f == 1 { text += 1 }
            at += header + length
        }
        if at > 0 {
            buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                memmove(base, base + at, held - at)
            }
            held -= at
        }
        return text
    }

    /// One `read` into the free end of the buffer.
    private mutating func readMore() -> Int {
        let held = self.held
        return buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress, raw.count > held else { return -1 }
            return read(descriptor, base + held, raw.count - held)
        }
    }

    private func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard sent == bytes.count else { throw Failure(description: "write failed") }
    }

    /// Reads the server's 101 and keeps whatever frames followed it in the same read.
    private mutating func readUpgradeAnswer() throws {
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            let got = readMore()
            guard got > 0 else { throw Failure(description: "no answer to the upgrade") }
            held += got
            guard let headEnd = (0..<max(0, held - 3)).first(where: { Array(buffer[$0..<$0 + 4]) == end }) else { continue }
            guard buffer[0..<min(held, 12)].elementsEqual("HTTP/1.1 101".utf8) else { throw Failure(description: "the upgrade was refused") }
            let after = headEnd + 4
            buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                memmove(base, base + after, held - after)
            }
            held -= after
            return
        }
    }

    /// RFC 6455's example key: the floor reader does not check the answer's key.
    private static let requestKey = "dGhlIHNhbXBsZSBub25jZQ=="
}
