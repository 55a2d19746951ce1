import Foundation

/// The logs `doctor` reads line by line (those it cannot read in chunks): files, `-` for
/// standard input, `.gz` through `gzip -dc`; one streaming pass over each, lines capped at
/// 1 MiB so that a broken file cannot exhaust memory.
package enum LogInput {
    /// Why an input could not be read (missing, a directory, gzip failing), in words.
    package struct Unreadable: Error, CustomStringConvertible {
        /// The reason, naming the input.
        package var description: String
    }

    /// The longest line kept whole (1 MiB); longer ones are cut.
    package static let maxLineBytes = 1 << 20

    /// Whether `input` is a plain file, which can be read in chunks on several cores (not
    /// standard input, a pipe or a .gz file). Throws for a missing input or a directory.
    package static func isRegularFile(_ input: String) throws -> Bool {
        guard input != "-" else { return false }
        var info = stat()
        guard stat(input, &info) == 0 else { throw Unreadable(description: "\(input): \(String(cString: strerror(errno)).lowercased())") }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw Unreadable(description: "\(input): is a directory") }
        // A size of 0 may hide content (/proc files): those are read line by line, to the end.
        return info.st_mode & S_IFMT == S_IFREG && info.st_size > 0 && !input.hasSuffix(".gz")
    }

    /// Calls `body` for every line of every input, in order. Returns the bytes read that the
    /// lines do not show, counting one newline a line (see `LogDiagnoser.addUncountedBytes`).
    @discardableResult
    package static func forEachLine(of inputs: [String], standardInput: Int32 = 0,
                                   _ body: (UnsafeBufferPointer<UInt8>, _ file: String, _ lineNumber: Int) -> Void) throws -> Int {
        var uncounted = 0
        for input in inputs {
            if input == "-" {
                var reader = LineReader(fileDescriptor: standardInput, name: "<stdin>", closeWhenDone: false, maxLineBytes: maxLineBytes)
                uncounted += try read(&reader, name: "<stdin>", body)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw Unreadable(description: "\(input): no such file")
            }
            guard !isDirectory.boolValue else { throw Unreadable(description: "\(input): is a directory") }
            if input.hasSuffix(".gz") {
                uncounted += try readGzip(input, body)
            } else {
                var reader: LineReader
                do { reader = try LineReader(path: input, maxLineBytes: maxLineBytes) } catch {
                    throw Unreadable(description: "\(error)")
                }
                uncounted += try read(&reader, name: input, body)
            }
        }
        return uncounted
    }

    private static func read(_ reader: inout LineReader, name: String,
                             _ body: (UnsafeBufferPointer<UInt8>, String, Int) -> Void) throws -> Int {
        var number = 0
        var shown = 0
        do {
            try reader.forEachLine { line, _ in
                number += 1
                shown += line.count + 1
                body(line, name, number)
            }
        } catch {
            throw Unreadable(description: "\(error)")
        }
        return reader.bytesRead - shown
    }

    /// Decompresses through the system's gzip: streaming, and no compression library to carry.
    private static func readGzip(_ path: String, _ body: (UnsafeBufferPointer<UInt8>, String, Int) -> Void) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", "--", path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw Unreadable(description: "\(path): cannot run gzip to decompress it (\(error))")
        }
        var reader = LineReader(fileDescriptor: output.fileHandleForReading.fileDescriptor, name: path,
                                closeWhenDone: false, maxLineBytes: maxLineBytes)
        let uncounted = try read(&reader, name: path, body)
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw Unreadable(description: "\(path): not a readable gzip file\(message.isEmpty ? "" : " (\(message))")")
        }
        return uncounted
    }
}
