import Foundation
import Testing
@testable import Diagnosis

/// What each fixture log must be diagnosed as.
struct FixtureExpectation: Sendable, CustomTestStringConvertible {
    let fixture: String
    let scenario: Int?
    /// Nil: the verdict is decided (`[scenario]`).
    let candidates: [Int]?
    let findings: Set<FindingID>
    /// doctor's exit status for the log, stated here rather than derived from the report under test.
    let exitCode: Int32

    /// Exactly `findings`: every other finding must be absent, so that a false positive fails.
    init(_ fixture: String, _ scenario: Int?, candidates: [Int]? = nil, exactly findings: Set<FindingID>, exit: Int32) {
        self.fixture = fixture; self.scenario = scenario; self.candidates = candidates
        self.findings = findings; self.exitCode = exit
    }

    var testDescription: String { fixture }
    var isPython: Bool { fixture.hasPrefix("python-") }
    var isOurs: Bool { fixture.hasPrefix("ours-") }
    var isMojibake: Bool { fixture.contains("mojibake") }
    var isConsole: Bool { fixture.contains(".console.") }
    var decided: Bool { candidates == nil }

    static let all: [FixtureExpectation] = [
        // Scenario 1
        .init("python-up-s1-dns.mojibake-crlf.log", 1, exactly: [.connectFailed], exit: 1),
        .init("python-up-s1-http400.console.log", 1, exactly: [.connectFailed], exit: 1),
        .init("ours-s1-refuse-upgrade.log", 1, exactly: [.connectFailed], exit: 1),
        .init("python-fk-real-s1-refuse-upgrade.debug.log", 1, exactly: [.connectFailed], exit: 1),
        // Scenario 2
        .init("python-fk-s2-book-never-answers.mojibake.log", 2,
              exactly: [.debugLoggingOff, .reconnectStorm, .unexpectedMessage], exit: 1),
        .init("ours-s2-no-book.edited.log", 2, exactly: [.subscriptionUnconfirmed], exit: 1),
        // Scenario 3
        .init("python-fk-s3-auth-20013.mojibake-crlf.log", 3,
              exactly: [.authRejected, .hedgeTimeout, .unexpectedMessage], exit: 1),
        .init("python-up-s3-token-failed.log", 3,
              exactly: [.authTokenFailed, .debugLoggingOff, .fallbackFill, .hedgeTimeout], exit: 1),
        .init("python-fk-s3-unconfirmed.log", 3,
              exactly: [.debugLoggingOff, .hedgeTimeout, .subscriptionUnconfirmed, .unexpectedMessage], exit: 1),
        .init("ours-s3-reject-auth.log", 3, exactly: [.authRejected], exit: 1),
        .init("ours-s3-no-account-confirm.info.mojibake.log", 3,
              exactly: [.debugLoggingOff, .subscriptionUnconfirmed], exit: 1),
        .init("ours-auth-token-failed.edited.mojibake.log", 3,
              exactly: [.authTokenFailed, .debugLoggingOff, .subscriptionUnconfirmed], exit: 1),
        .init("python-fk-real-s3-reject-auth.debug.log", 3,
              exactly: [.authRejected, .secretInLog, .unexpectedMessage], exit: 1),
        // Fills came, then a token refresh was refused: our client's `Blind` lines name the auth.
        .init("ours-fill-source-blind.edited.log", 3,
              exactly: [.accountStreamSilent, .authRejected, .fillSourceBlind], exit: 1),
        // Scenario 4
        .init("python-fk-s4-no-updates.mojibake.log", 4,
              exactly: [.debugLoggingOff, .hedgeTimeout, .unexpectedMessage], exit: 1),
        .init("ours-s4-account-silent.edited.log", 4, exactly: [], exit: 1),
        .init("ours-silent-stream.edited.mojibake.log", 4, exactly: [.debugLoggingOff, .silentStream], exit: 1),
        // Account updates, then none for 10.5 s while the book flows (cut from the real s6-healthy log).
        .init("python-fk-real-s4-account-silent.cut.debug.log", 4,
              exactly: [.accountStreamSilent, .canceledFillUnknown, .secretInLog, .unexpectedMessage], exit: 1),
        .init("ours-account-stream-gap.edited.mojibake.log", 4, exactly: [.accountStreamSilent], exit: 1),
        // Scenario 5
        .init("python-fk-s5-never-filled.log", 5,
              exactly: [.canceledFillUnknown, .hedgeTimeout, .unexpectedMessage], exit: 1),
        .init("python-fk-s5-partial-ignored.mojibake.log", 5,
              exactly: [.debugLoggingOff, .hedgeTimeout, .partialFillIgnored, .unexpectedMessage], exit: 1),
        .init("python-fk-spot-market.mojibake.log", 5,
              exactly: [.debugLoggingOff, .hedgeTimeout, .spotMarket, .unexpectedMessage], exit: 1),
        .init("ours-s5-never-fill.log", 5, exactly: [], exit: 1),
        // Our hedge engine (`demo --rounds 1`): it never marks a hedge filled without a fill, so a
        // venue that never fills shows as a spent budget, never as a fallback fill; flattened, no
        // naked leg; stopped by policy, the naked leg named.
        .init("ours-engine-s5-never-fill-flatten.log", 5, exactly: [.debugLoggingOff, .hedgeTimeout], exit: 1),
        .init("ours-engine-s5-never-fill-stop.log", 5, exactly: [.debugLoggingOff, .hedgeTimeout, .nakedLeg], exit: 1),
        .init("ours-partial-fill-ignored.edited.log", 5, exactly: [.partialFillIgnored], exit: 1),
        .init("python-fk-real-s5-never-fill.debug.log", 5,
              exactly: [.canceledFillUnknown, .secretInLog, .unexpectedMessage], exit: 1),
        .init("python-fk-real-s5-partial-fills-only.debug.log", 5,
              exactly: [.canceledFillUnknown, .secretInLog, .unexpectedMessage], exit: 1),
        .init("python-fk-real-s5-partial-fills-only.info.log", 5,
              exactly: [.canceledFillUnknown, .debugLoggingOff, .secretInLog, .unexpectedMessage], exit: 1),
        // Scenario 6
        .init("python-up-s6-info-healthy.log", 6, exactly: [.debugLoggingOff], exit: 0),
        .init("python-fk-s6-debug.mojibake-crlf.log", 6, exactly: [.unexpectedMessage], exit: 0),
        .init("python-fk-fill-not-processed.log", 6,
              exactly: [.debugLoggingOff, .fillNotProcessed, .hedgeTimeout, .unexpectedMessage], exit: 1),
        .init("python-fk-wrong-market.mojibake.log", 6,
              exactly: [.debugLoggingOff, .fillNotProcessed, .hedgeTimeout, .unexpectedMessage, .wrongMarketUpdates], exit: 1),
        .init("python-fk-secret-token.mojibake.log", 6,
              exactly: [.debugLoggingOff, .secretInLog, .unexpectedMessage], exit: 1),
        .init("python-up-fallback.console.mojibake.log", 6,
              exactly: [.debugLoggingOff, .fallbackFill, .hedgeTimeout], exit: 1),
        .init("ours-s6-healthy.debug.log", 6, exactly: [], exit: 0),
        .init("ours-engine-s6-hedged.log", 6, exactly: [.debugLoggingOff], exit: 0),
        .init("ours-s6-healthy.info.mojibake-crlf.log", 6, exactly: [.debugLoggingOff], exit: 0),
        .init("ours-fill-not-processed.edited.log", 6, exactly: [.fillNotProcessed, .partialFillIgnored], exit: 1),
        .init("ours-reconnect-storm.log", 6, exactly: [.reconnectStorm], exit: 0),
        .init("ours-no-pong.edited.log", 6, exactly: [.debugLoggingOff, .noPong], exit: 0),
        .init("ours-spot-market.edited.log", 6, exactly: [.debugLoggingOff, .spotMarket], exit: 1),
        .init("ours-wrong-market-keys.log", 6, exactly: [.wrongMarketUpdates], exit: 0),
        .init("ours-unexpected-frame.mojibake.log", 6, exactly: [.unexpectedMessage], exit: 0),
        .init("ours-malformed-json.log", 6, exactly: [.undecodableFrame], exit: 0),
        .init("ours-skip-book-update.log", 6, exactly: [.bookGap], exit: 0),
        // The real reference bot: fills in full, in part and as IOC remainders it cannot see.
        .init("python-fk-real-s6-healthy.debug.log", 6,
              exactly: [.canceledFillUnknown, .secretInLog, .unexpectedMessage], exit: 1),
        .init("python-fk-real-s6-healthy.info.log", 6,
              exactly: [.canceledFillUnknown, .debugLoggingOff, .secretInLog, .unexpectedMessage], exit: 1),
        // Updates flow and fills are processed although the account subscription is never confirmed.
        .init("python-fk-real-no-account-confirm.debug.log", 6,
              exactly: [.canceledFillUnknown, .secretInLog, .unexpectedMessage], exit: 1),
        // The bot cannot see the book's nonce gaps: nothing in its lines shows them.
        .init("python-fk-real-book-gaps.debug.log", 6,
              exactly: [.canceledFillUnknown, .secretInLog, .unexpectedMessage], exit: 1),
        .init("python-fk-real-malformed-and-unknown.debug.log", 6,
              exactly: [.canceledFillUnknown, .secretInLog, .undecodableFrame, .unexpectedMessage], exit: 1),
        // Two connections cut 5 s apart in a 12 s run.
        .init("python-fk-real-reconnects-drop-connection-3.debug.log", 6,
              exactly: [.canceledFillUnknown, .reconnectStorm, .secretInLog, .unexpectedMessage], exit: 1),
        .init("python-fk-real-wrong-market-keys.debug.log", 6,
              exactly: [.canceledFillUnknown, .fillNotProcessed, .secretInLog, .unexpectedMessage, .wrongMarketUpdates], exit: 1),
        // Undecidable between 3, 4 and 5: INFO logs of the reference bot without a fill.
        .init("python-up-fallback-info.log", 3, candidates: [3, 4, 5],
              exactly: [.debugLoggingOff, .fallbackFill, .hedgeTimeout], exit: 1),
        .init("python-up-no-pong.mojibake.log", 3, candidates: [3, 4, 5],
              exactly: [.debugLoggingOff, .noPong], exit: 1),
        .init("python-up-reconnect-storm.mojibake-crlf.log", 3, candidates: [3, 4, 5],
              exactly: [.debugLoggingOff, .reconnectStorm], exit: 1),
        .init("python-up-silent-stream.log", 3, candidates: [3, 4, 5],
              exactly: [.debugLoggingOff, .silentStream], exit: 1),
        // No Lighter line at all, but a key printed.
        .init("python-secret-key.console.log", nil, exactly: [.secretInLog], exit: 1),
    ]
}

@Suite struct ScenarioFixtureTests {
    @Test(arguments: FixtureExpectation.all)
    func fixtureVerdict(_ expected: FixtureExpectation) throws {
        let report = try Fixtures.report(expected.fixture)
        #expect(report.scenario == expected.scenario, "\(report.title)")
        #expect(report.candidates == (expected.candidates ?? expected.scenario.map { [$0] } ?? []))
        let ids = Set(report.findingIDs)
        #expect(ids == expected.findings, "missing \(expected.findings.subtracting(ids)); unexpected \(ids.subtracting(expected.findings))")
        if expected.decided, expected.scenario != nil {
            #expect(report.confidence != .low)
        } else if expected.scenario != nil {
            #expect(report.confidence == .low)
        }
        #expect(report.exitCode == expected.exitCode)
        // Every finding quotes its lines, bounded.
        for finding in report.findings where finding.id != .debugLoggingOff {
            #expect(!finding.evidence.isEmpty, "\(finding.id) has no evidence")
            #expect(finding.evidence.count <= DiagnosisOptions().evidencePerFinding)
        }
    }

    @Test func everyFixtureHasAnExpectation() throws {
        let covered = Set(FixtureExpectation.all.map(\.fixture))
        let files = Set(try Fixtures.names())
        #expect(files == covered, "without expectation: \(files.subtracting(covered)); missing files: \(covered.subtracting(files))")
    }

    /// Each scenario is shown by a Python bot log and one of ours, at least one of them mojibake.
    @Test(arguments: 1...6)
    func scenarioHasBothFormats(_ scenario: Int) {
        let logs = FixtureExpectation.all.filter { $0.scenario == scenario && $0.decided }
        #expect(logs.contains { $0.isPython })
        #expect(logs.contains { $0.isOurs })
        #expect(logs.contains { $0.isMojibake })
    }

    /// Findings our client never writes (it does not hedge, and it redacts secrets) are shown by
    /// two Python formats instead: file and console.
    static let notWrittenByOurClient: Set<FindingID> = [.hedgeTimeout, .fallbackFill, .secretInLog]

    static let requiredFindings: [FindingID] = [
        .debugLoggingOff, .connectFailed, .authTokenFailed, .authRejected, .subscriptionUnconfirmed, .spotMarket,
        .wrongMarketUpdates, .reconnectStorm, .noPong, .silentStream, .partialFillIgnored, .hedgeTimeout,
        .fallbackFill, .fillNotProcessed, .unexpectedMessage, .secretInLog, .accountStreamSilent,
    ]

    @Test(arguments: requiredFindings)
    func findingHasTwoFixtures(_ id: FindingID) {
        let logs = FixtureExpectation.all.filter { $0.findings.contains(id) }
        #expect(logs.count >= 2)
        #expect(logs.contains { $0.isPython })
        #expect(logs.contains { $0.isMojibake })
        if Self.notWrittenByOurClient.contains(id) {
            #expect(logs.contains { $0.isConsole } && logs.contains { $0.isPython && !$0.isConsole })
        } else {
            #expect(logs.contains { $0.isOurs })
        }
    }

    @Test func connectFailureKindsAreToldApart() throws {
        #expect(try Fixtures.report("python-up-s1-dns.mojibake-crlf.log").finding(.connectFailed)?.kind == "dns")
        #expect(try Fixtures.report("python-up-s1-http400.console.log").finding(.connectFailed)?.kind == "upgrade-rejected")
        #expect(try Fixtures.report("ours-s1-refuse-upgrade.log").finding(.connectFailed)?.kind == "upgrade-rejected")
        let cases: [(String, String)] = [
            ("[Errno -2] Name or service not known", "dns"),
            ("[Errno 11001] getaddrinfo failed", "dns"),
            ("[Errno 111] Connect call failed ('104.18.2.9', 443)", "refused"),
            ("[WinError 10061] No connection could be made because the target machine actively refused it", "refused"),
            ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)", "tls"),
            ("server rejected WebSocket connection: HTTP 400", "upgrade-rejected"),
            ("received 403 (Forbidden) during opening handshake; InvalidStatus", "upgrade-rejected"),
            ("timed out during opening handshake", "timeout"),
            ("something odd", "other"),
            ("dns: lookup of mainnet.zklighter.elliot.ai failed", "dns"),
            ("refused: connection refused (127.0.0.1:9)", "refused"),
            ("tls: handshake failed", "tls"),
            ("timeout: no answer in 10 s", "timeout"),
        ]
        for (reason, kind) in cases {
            let log = "2025-12-22 14:03:07,123 - hedge_bot_ETH - ERROR - ⚠️ Failed to connect to Lighter websocket: \(reason)\n"
            let report = LogDiagnoser.diagnose(text: log)
            #expect(report.finding(.connectFailed)?.kind == kind, "\(reason)")
            #expect(report.scenario == 1)
        }
    }

    @Test func authRejectionCarriesItsCode() throws {
        let python = try Fixtures.report("python-fk-s3-auth-20013.mojibake-crlf.log")
        #expect(python.finding(.authRejected)?.code == 20013)
        let ours = try Fixtures.report("ours-s3-reject-auth.log")
        #expect(ours.finding(.authRejected)?.code == 20013)
        #expect(ours.finding(.authRejected)?.breakdown["20013"] == 3)
    }

    @Test func reconnectStormNamesItsCause() throws {
        let python = try Fixtures.report("python-up-reconnect-storm.mojibake-crlf.log").finding(.reconnectStorm)
        #expect(python?.kind == "out-of-order")
        #expect(python?.count == 5)
        let ours = try Fixtures.report("ours-reconnect-storm.log").finding(.reconnectStorm)
        #expect(ours?.kind == "closed")
        #expect(ours?.count == 3)
    }

    @Test func spotMarketIsFoundBySymbolAndByID() throws {
        let python = try #require(try Fixtures.report("python-fk-spot-market.mojibake.log").finding(.spotMarket))
        #expect(python.evidence.contains { $0.text.contains("Looking for Lighter market: ETH/USDC") })
        #expect(python.evidence.contains { $0.text.contains("market_id=2048") })
        #expect(python.severity == .error)
        let ours = try #require(try Fixtures.report("ours-spot-market.edited.log").finding(.spotMarket))
        #expect(ours.evidence.contains { $0.text.contains("(id 2048)") })
    }

    @Test func wrongMarketUpdatesAreCountedByKey() throws {
        let ours = try #require(try Fixtures.report("ours-wrong-market-keys.log").finding(.wrongMarketUpdates))
        #expect(ours.breakdown.keys.sorted() == ["1"])
        let python = try #require(try Fixtures.report("python-fk-wrong-market.mojibake.log").finding(.wrongMarketUpdates))
        #expect(python.breakdown == ["1": 2])
    }

    @Test func unexpectedMessagesAreGroupedByType() throws {
        let ours = try #require(try Fixtures.report("ours-unexpected-frame.mojibake.log").finding(.unexpectedMessage))
        #expect(ours.breakdown == ["update/mystery": 7])
        #expect(ours.severity == .warning)
        let greetingOnly = try #require(try Fixtures.report("python-fk-s6-debug.mojibake-crlf.log").finding(.unexpectedMessage))
        #expect(greetingOnly.breakdown == ["connected": 1])
        #expect(greetingOnly.severity == .info)
    }
}
