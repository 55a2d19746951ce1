import Foundation
import LighterProtocol

/// The ledger's fills as CSV: the reference bot's columns first (`exchange,timestamp,side,
/// price,quantity`, hedge-venue sides written `LONG`/`SHORT` as it writes them), then ours:
/// order ids, the fill id, its role, the pair it belongs to, the fee and the hedge latency.
public enum LedgerCSV {
    /// Every column: the reference bot's five, then ours.
    public static let header = "exchange,timestamp,side,price,quantity,order_id,client_order_id,fill_id,role,pair_id,fee,fee_asset,hedge_latency_ms"
    /// The reference bot's columns alone, for the tools written for its files.
    public static let referenceHeader = "exchange,timestamp,side,price,quantity"

    /// The whole ledger, one row per fill in ledger order; with `referenceOnly`, the reference
    /// bot's five columns and nothing else.
    public static func export(_ ledger: HedgeLedger, referenceOnly: Bool = false) throws(LedgerError) -> String {
        let venues = try ledger.venues()
        let names: [VenueRole: String] = [.maker: firstWord(venues.maker), .hedge: firstWord(venues.hedge)]
        var venueOrderIDs: [VenueRole: [Int64: String]] = [:]
        for order in try ledger.orders() { venueOrderIDs[order.venue, default: [:]][order.clientOrderID] = order.venueOrderID }
        var pairIDs: [FillKey: [Int64]] = [:]
        for pair in try ledger.pairs() {
            pairIDs[pair.exposure.key, default: []].append(pair.id)
            for offset in pair.offsets { pairIDs[offset.fill.key, default: []].append(pair.id) }
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var lines = [referenceOnly ? referenceHeader : header]
        for fill in try ledger.fills() {
            let time = formatter.string(from: Date(timeIntervalSince1970: Double(fill.venueTimeMs ?? fill.receivedMs) / 1000))
            let side = fill.venue == .hedge ? (fill.side == .buy ? "LONG" : "SHORT") : fill.side.rawValue
            let pairs = (pairIDs[fill.key] ?? []).map { "P\($0)" }.joined(separator: ";")
            let latency = fill.latencyMicros.map { FixedDecimal(units: $0 * 100_000).formatted(decimals: 3) } ?? ""
            let fields = [names[fill.venue] ?? fill.venue.rawValue, time, side, fill.price.description, fill.quantity.description,
                          venueOrderIDs[fill.venue]?[fill.clientOrderID] ?? "", String(fill.clientOrderID), fill.fillID,
                          fill.role.rawValue, pairs, fill.fee.description, fill.feeAsset, latency]
            lines.append(fields.prefix(referenceOnly ? 5 : fields.count).map(escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func firstWord(_ text: String) -> String { String(text.prefix { $0 != " " }) }

    /// Quoted when it holds a comma, a quote or a line break (ids come from venues).
    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
