/// Counts in sentences: `1 hedge was`, `6 hedges were`.
enum Wording {
    static func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }

    static func times(_ n: Int) -> String { n == 1 ? "once" : "\(n) times" }

    static func was(_ n: Int) -> String { n == 1 ? "was" : "were" }

    /// `1 hedge was`, `6 hedges were`: a counted subject with its verb.
    static func were(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        counted(n, singular, plural) + " " + was(n)
    }
}
