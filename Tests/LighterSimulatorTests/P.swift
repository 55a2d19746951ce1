import Testing
import WSClient
@Test func placeholder2() { #expect(1 == 1) }
