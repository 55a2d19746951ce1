import LighterProtocol
import Foundation
import Testing
@testable import Diagnosis

/// Fixture logs live in `Fixtures/` (copied as a resource). Names say where a log comes from:
/// `python-up-*` the reference bot, `python-fk-*` the forked bot with the guide's logging,
/// `ours-*` LighterHedge's demo (`*.edited.*`: a demo log with lines changed to show a fault
/// the simulator cannot make), `*.console.*` the Python console format, `*mojibake*` re-encoded
/// through Windows-1252, `*crlf*` with CRLF line ends.
enum Fixtures {
    /// `Fixtures`, or `TimelineFixtures` (logs made for the timeline chart, kept apart from the
    /// scenario fixtures every one of which has an expected verdict).
    static func directory(_ folder: String = "Fixtures") throws -> URL {
        guard let url = Bundle.module.url(forResource: folder, withExtension: nil) else {
            throw FixtureError.missing(folder)
        }
        return url
    }

    static func data(_ name: String, in folder: String = "Fixtures") throws -> Data {
        try Data(contentsOf: directory(folder).appendingPathComponent(name))
    }

    static func names(in folder: String = "Fixtures") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory(folder).path).filter { $0.hasSuffix(".log") }.sorted()
    }

    /// The report on one fixture, read in one piece.
    static func report(_ name: String, options: DiagnosisOptions = DiagnosisOptions()) throws -> DiagnosisReport {
        LogDiagnoser.diagnose(data: try data(name), file: name, options: options)
    }

    enum FixtureError: Error { case missing(String) }
}

/// A deterministic generator for fuzzing (SeededRandom), so that a failure can be replayed.



extension String {
    /// The text as a Windows console would garble it: UTF-8 bytes read as Windows-1252, saved
    /// as UTF-8 again (bytes Windows-1252 leaves undefined pass through as Latin-1).
    var mojibake: String {
        let table: [UInt8: Character] = [
            0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰",
            0x8A: "Š", 0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•",
            0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›", 0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
        ]
        var out = ""
        for byte in utf8 {
            if let c = table[byte] {
                out.append(c)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}
