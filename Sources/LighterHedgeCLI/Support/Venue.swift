import ArgumentParser

/// Which venue a command talks to.
enum Venue: String, ExpressibleByArgument, CaseIterable, Sendable {
    case lighter
    case backpack
}
