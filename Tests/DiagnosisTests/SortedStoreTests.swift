import LighterProtocol
import Testing
@testable import Diagnosis

/// The sorted store's search that tries the index next to the last first, against the plain one.
@Suite struct SortedStoreTests {
    @Test func slotNearAgreesWithSlot() {
        var random = SeededRandom(seed: 17)
        var store = SortedStore<Int>()
        for _ in 0..<300 {
            let key = Int(random.int(in: -50...250))
            _ = store.index(of: key, near: Int(random.int(in: -2...Int64(store.count + 2))), adding: key)
            #expect(store.values.enumerated().allSatisfy { store.entries.map(\.0)[$0.offset] == $0.element }, "keys and values stay paired")
            for probe in -60...260 {
                let near = Int(random.int(in: -2...Int64(store.count + 2)))
                let got = store.slot(probe, near: near), want = store.slot(probe)
                #expect(got.index == want.index && got.found == want.found, "key \(probe) near \(near)")
            }
        }
        #expect(store.entries.map(\.0) == store.entries.map(\.0).sorted())
    }
}
