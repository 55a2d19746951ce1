import Foundation
import Testing

/// The demos' exit status is what CI and a user's script judge by: 0 when every fill was seen
/// once and nothing is left naked, 1 otherwise.
@Suite struct DemoCommandTests {
    @Test func hedgeDemoExitsOneWhenItStopsWithANakedLeg() async throws {
        let cli = try CommandRunner()
        // Lighter never fills: with the stop policy the engine stops and names the exposure.
        let stopped = try await cli.run(["demo", "--rounds", "1", "--policy", "stop", "--fault", "never-fill"], seconds: 90)
        #expect(stopped.status == 1, "\(stopped.stdout.suffix(800))")
        #expect(stopped.stdout.contains("naked at end:"))
        #expect(!stopped.stdout.contains("naked at end:    0\n"))
        // With the flatten policy the naked leg is closed on the maker venue: nothing left.
        let flattened = try await cli.run(["demo", "--rounds", "1", "--fault", "never-fill"], seconds: 90)
        #expect(flattened.status == 0, "\(flattened.stdout.suffix(800))")
        #expect(flattened.stdout.contains("naked at end:    0\n"))
        #expect(flattened.stdout.contains("agrees with both venues"))
    }

    @Test func streamDemoComparesFillsMadeWithFillsSeen() async throws {
        let cli = try CommandRunner()
        let result = try await cli.run(["demo", "--stream", "--seconds", "4", "--script-interval-ms", "300"], seconds: 60)
        #expect(result.status == 0, "\(result.stdout.suffix(800))")
        #expect(result.stdout.contains("verdict:       every fill the exchange made was detected exactly once"))
        #expect(!result.stdout.contains("exchange made: 0 fills"), "the script should have traded")
    }
}
