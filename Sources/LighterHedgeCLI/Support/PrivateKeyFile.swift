import ArgumentParser
import Foundation

/// Writes a private key to a file only the user can read, and only to a plain file: never
/// through a symlink, onto a device or a directory (a replace-by-rename would turn
/// `/dev/stdout` into a file holding the key), never readable by others even for a moment.
enum PrivateKeyFile {
    static func store(_ bytes: [UInt8], at path: String, replacing: Bool) throws {
        guard !path.isEmpty, !path.hasSuffix("/") else { throw ValidationError("--out must name a file, not a directory: '\(path)'") }
        var info = stat()
        let exists = lstat(path, &info) == 0
        if exists {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw ValidationError("\(path) exists and is not a plain file (a directory, a device or a symlink); refusing to write a private key there")
            }
            guard replacing else { throw ValidationError("\(path) exists; pass --force to replace it") }
        }
        // O_EXCL for a new file, O_NOFOLLOW always: a symlink put in its place meanwhile fails.
        let flags = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | (exists ? O_TRUNC : (O_CREAT | O_EXCL))
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else { throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))") }
        var failure: String?
        // An existing file keeps its mode otherwise: make it private before the key goes in.
        if fchmod(fd, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        var written = 0
        while failure == nil, written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + written }, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { failure = String(cString: strerror(errno)); break }
            written += n
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            if !exists { unlink(path) }
            throw ValidationError("cannot write \(path): \(failure)")
        }
    }
}
