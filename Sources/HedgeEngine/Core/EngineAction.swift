/// What the engine asks of the venues and the operator. Taken only after the reaction's ledger
/// entries are committed.
public enum EngineAction: Sendable, Hashable {
    case placeMaker(MakerOrder)
    case cancelMaker(clientOrderID: Int64)
    case placeHedge(HedgeOrder)
    case resolveHedge(clientOrderID: Int64, createdMs: Int64)
    case alert(EngineAlert)
}
