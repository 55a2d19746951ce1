import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// The control API is open on loopback, behind a bearer token on other binds, or off.
@Suite struct ControlAccessTests {
    @Test func theDecisionFollowsTheBindAndTheToken() {
        for host in ["127.0.0.1", "127.9.9.9", "localhost", "::1", "[::1]"] {
            #expect(ControlAccess.decide(host: host, token: nil) == .open, "\(host)")
            #expect(ControlAccess.decide(host: host, token: "T") == .token("T"), "\(host)")
        }
        for host in ["0.0.0.0", "::", "192.168.1.20", "127.0.0.1.nip.io", "sim.example"] {
            #expect(ControlAccess.decide(host: host, token: nil) == .off, "\(host)")
            #expect(ControlAccess.decide(host: host, token: "") == .off, "\(host)")
            #expect(ControlAccess.decide(host: host, token: "T") == .token("T"), "\(host)")
        }
        var configuration = SimulatorConfiguration()
        #expect(configuration.effectiveControlAccess == .open)
        configuration.host = "0.0.0.0"
        #expect(configuration.effectiveControlAccess == .off)
        configuration.controlToken = "s3cret"
        #expect(configuration.effectiveControlAccess == .token("s3cret"))
        #expect(!ControlAccess.token("s3cret").summary.contains("s3cret"))
    }

    @Test func onlyTheExactBearerTokenPasses() {
        let access = ControlAccess.token("s3cret")
        #expect(access.allows(authorization: "Bearer s3cret"))
        for header in [nil, "", "s3cret", "Bearer", "Bearer ", "Bearer s3cre", "Bearer s3cret2", "bearer s3cret",
                       "Basic s3cret", "Bearer  s3cret"] as [String?] {
            #expect(!access.allows(authorization: header), "\(header ?? "nil")")
        }
        #expect(ControlAccess.open.allows(authorization: nil))
        #expect(!ControlAccess.off.allows(authorization: "Bearer s3cret"))
    }

    @Test func loopbackBindServesTheControlAPIWithoutAToken() async throws {
        try await withSimulator { endpoints, _ async throws in
            #expect(try await httpRequest("\(endpoints.httpURL)/control/faults").status == 200)
            #expect(try await httpRequest("\(endpoints.httpURL)/control/stats").status == 200)
        }
    }

    @Test func aNonLoopbackDecisionWithATokenDemandsIt() async throws {
        try await withSimulator({ $0.controlAccess = .decide(host: "0.0.0.0", token: "s3cret") }) { endpoints, _ async throws in
            let base = endpoints.httpURL
            for headers in [[:], ["Authorization": "Bearer wrong"], ["Authorization": "s3cret"]] {
                #expect(try await httpRequest("\(base)/control/faults", headers: headers).status == 401)
                #expect(try await httpRequest("\(base)/control/stats", headers: headers).status == 401)
                #expect(try await httpRequest("\(base)/control/faults/never-fill", method: "PUT", headers: headers).status == 401)
            }
            #expect(try await httpRequest("\(base)/control/faults").body.contains("Bearer"))
            let bearer = ["Authorization": "Bearer s3cret"]
            #expect(try await httpRequest("\(base)/control/faults/never-fill", method: "PUT", headers: bearer).status == 200)
            #expect(try await httpRequest("\(base)/control/faults", headers: bearer).body == #"{"never-fill":0}"#)
            #expect(try await httpRequest("\(base)/control/stats", headers: bearer).status == 200)
            // The venue's API is not behind the control token.
            #expect(try await httpRequest("\(base)/api/v1/orderBooks").status == 200)
        }
    }

    @Test func aNonLoopbackDecisionWithoutATokenServesNoControlAPI() async throws {
        try await withSimulator({ $0.controlAccess = .decide(host: "0.0.0.0", token: nil) }) { endpoints, _ async throws in
            let base = endpoints.httpURL
            #expect(try await httpRequest("\(base)/control/faults").status == 404)
            #expect(try await httpRequest("\(base)/control/stats", headers: ["Authorization": "Bearer x"]).status == 404)
            #expect(try await httpRequest("\(base)/control/faults/never-fill", method: "PUT").status == 404)
            #expect(try await httpRequest("\(base)/api/v1/orderBooks").status == 200)
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.waitFor("connected") { if case .connected = $0 { true } else { false } }
            await client.close()
        }
    }
}
