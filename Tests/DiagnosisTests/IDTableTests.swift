import LighterProtocol
import Testing
@testable import Diagnosis

/// The id map against a Dictionary, on random inserts, removals and lookups; keys drawn from
/// a small set (so that runs, wrap-around and backward shifts happen) and from all of UInt64.
@Suite struct IDTableTests {
    @Test(arguments: [8, 64, 5000])
    func idMapAgreesWithADictionary(keySpace: Int) {
        var random = SeededRandom(seed: UInt64(keySpace))
        var map = IDMap<Int>()
        var model: [UInt64: Int] = [:]
        // Keys with equal low bits collide in small tables.
        let keys: [UInt64] = (0..<keySpace).map { i in i % 3 == 0 ? UInt64(i) << 40 : (i == 1 ? 0 : random.next()) }
        for step in 0..<40_000 {
            let key = keys[Int(random.int(in: 0...Int64(keys.count - 1)))]
            switch random.int(in: 0...9) {
            case 0...4:
                map.insert(key, step)
                model[key] = step
            case 5...7:
                #expect(map.removeValue(forKey: key) == model.removeValue(forKey: key))
            default:
                #expect(map[key] == model[key])
                #expect(map.contains(key) == (model[key] != nil))
            }
            #expect(map.count == model.count)
        }
        // Key 0 is kept as 1 (documented); no key here is 1.
        #expect(Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value) }) == Dictionary(uniqueKeysWithValues: model.map { ($0.key == 0 ? 1 : $0.key, $0.value) }))
    }
}
