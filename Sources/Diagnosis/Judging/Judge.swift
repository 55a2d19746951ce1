/// The judging stage: the verdict, the findings and the quick checks, as functions of what the
/// rules recorded. The record is held as a `let`, so judging cannot change a count, and nothing
/// it works out feeds back into reading; the rules, in turn, never see a verdict.
struct Judge {
    /// What the rules recorded over the whole input, read only.
    let record: DiagnosisState

    init(_ record: DiagnosisState) {
        self.record = record
    }
}
