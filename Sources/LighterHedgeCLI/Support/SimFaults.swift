import ArgumentParser
import BackpackSimulator
import LighterSimulator

/// Which exchanges `sim` runs.
enum SimVenue: String, ExpressibleByArgument, CaseIterable, Sendable {
    case lighter
    case backpack
    case both
}

/// `--fault` values split between the venues: a name goes to each running venue that knows it
/// (`drop-connection` to both), and a name no running venue knows is an error.
enum SimFaults {
    static func parse(_ texts: [String], lighter: Bool, backpack: Bool) throws -> (lighter: [Fault: Int], backpack: [BackpackFault: Int]) {
        var forLighter: [Fault: Int] = [:]
        var forBackpack: [BackpackFault: Int] = [:]
        for text in texts {
            let lighterResult = lighter ? Fault.parse(text) : nil
            let backpackResult = backpack ? BackpackFault.parse(text) : nil
            var taken = false
            if case .success(let (fault, value))? = lighterResult { forLighter[fault] = value; taken = true }
            if case .success(let (fault, value))? = backpackResult { forBackpack[fault] = value; taken = true }
            if taken { continue }
            // Refused by every venue running: in the words of the one that knows the name, if any.
            let knownToBackpack = BackpackFault(rawValue: String(text.prefix { $0 != "=" })) != nil
            if knownToBackpack, case .failure(let error)? = backpackResult { throw ValidationError(error.message) }
            if case .failure(let error)? = lighterResult { throw ValidationError(error.message) }
            if case .failure(let error)? = backpackResult { throw ValidationError(error.message) }
            throw ValidationError("unknown fault '\(text)'")
        }
        return (forLighter, forBackpack)
    }
}
