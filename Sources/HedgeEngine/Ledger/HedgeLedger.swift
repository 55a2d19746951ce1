import Foundation
import GRDB
import LighterProtocol

/// The run's ledger in SQLite: every order and fill on both venues, the links pairing each
/// maker fill with the fills that hedge it, alerts, and the checkpoint. The engine commits a
/// reaction's entries in one transaction before it acts, so after a crash at any point the
/// ledger holds everything that was acted on. Amounts are stored as integers of 10⁻⁸ (exact).
///
/// One ledger serves one pair of markets: opening it for another pair is refused.
public final class HedgeLedger: Sendable {
    /// The ledger's file.
    public let path: String
    /// How far a committed write survives (meaningless on a read-only ledger).
    public let durability: LedgerDurability
    /// Opened with `init(readingAt:)`: every write fails.
    public let isReadOnly: Bool
    let queue: DatabaseQueue

    /// Opens (or creates) the ledger at `path` for this pair of venues and markets.
    public init(path: String, maker: VenueMarket, hedge: VenueMarket, durability: LedgerDurability = .full) throws(LedgerError) {
        self.path = path
        self.durability = durability
        self.isReadOnly = false
        var configuration = Configuration()
        configuration.busyMode = .timeout(2)
        configuration.label = "hedge-ledger"
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        // Set here rather than through GRDB's WAL option, which sets synchronous = NORMAL after
        // this runs. No automatic checkpoint: it would land on a commit now and then (an fsync of
        // the database file in the middle of a hedge); the engine checkpoints when idle.
        configuration.prepareDatabase { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
            try queue.write { db in try Self.bind(db, maker: maker, hedge: hedge) }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError("ledger \(path): \(error)")
        }
    }

    /// Opens an existing ledger for reading only, so that a report never disturbs an engine
    /// writing it: no migration, no binding to markets, SQLite's read-only mode (a reader of the
    /// write-ahead log takes no lock that blocks the writer). Refused, with a one-line reason,
    /// when there is no file at `path` or the file is not a ledger.
    public init(readingAt path: String) throws(LedgerError) {
        self.path = path
        self.durability = .full
        self.isReadOnly = true
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LedgerError("no ledger at \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw LedgerError("\(path) is a directory, not a ledger file") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(2)
        configuration.label = "hedge-ledger-reader"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in try Self.requireLedger(db, path: path) }
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError {
            // SQLite says `file is not a database` for any other file: name what was expected.
            throw LedgerError("\(path) is not a hedge ledger (\(error.message ?? "SQLite error \(error.resultCode.rawValue)"))")
        } catch {
            throw LedgerError("\(path) is not a hedge ledger (\(error))")
        }
    }

    /// A database the engine wrote: its tables and the markets it is kept for.
    static func requireLedger(_ db: Database, path: String) throws {
        for table in ["meta", "orders", "fills", "pair_links", "checkpoint", "alerts"] where try !db.tableExists(table) {
            throw LedgerError("\(path) is an SQLite database but not a hedge ledger (no \(table) table)")
        }
        let keys = try String.fetchSet(db, sql: "SELECT key FROM meta WHERE key IN ('maker', 'hedge')")
        guard keys.count == 2 else { throw LedgerError("\(path) is a hedge ledger with no markets recorded: the engine never opened it") }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE orders (
                    venue TEXT NOT NULL, client_id INTEGER NOT NULL, venue_order_id TEXT, role TEXT NOT NULL,
                    side TEXT NOT NULL, price INTEGER NOT NULL, quantity INTEGER NOT NULL, status TEXT NOT NULL,
                    executed INTEGER NOT NULL, reason TEXT, round INTEGER NOT NULL, created_ms INTEGER NOT NULL,
                    updated_ms INTEGER NOT NULL, latency_us INTEGER,
                    PRIMARY KEY (venue, client_id));
                CREATE TABLE fills (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, venue TEXT NOT NULL, fill_id TEXT NOT NULL,
                    client_id INTEGER NOT NULL, role TEXT NOT NULL, side TEXT NOT NULL, price INTEGER NOT NULL,
                    quantity INTEGER NOT NULL, counted INTEGER NOT NULL, fee INTEGER NOT NULL, fee_asset TEXT NOT NULL,
                    venue_ms INTEGER, received_ms INTEGER NOT NULL, latency_us INTEGER,
                    UNIQUE (venue, fill_id));
                CREATE TABLE pair_links (
                    exposure_venue TEXT NOT NULL, exposure_fill TEXT NOT NULL, offset_venue TEXT NOT NULL,
                    offset_fill TEXT NOT NULL, quantity INTEGER NOT NULL,
                    PRIMARY KEY (exposure_venue, exposure_fill, offset_venue, offset_fill));
                CREATE TABLE checkpoint (
                    id INTEGER PRIMARY KEY CHECK (id = 1), phase TEXT NOT NULL, stop_reason TEXT,
                    rounds_done INTEGER NOT NULL, direction TEXT NOT NULL, round_side TEXT, round_target INTEGER,
                    round_filled INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
                CREATE TABLE alerts (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, level TEXT NOT NULL,
                    message TEXT NOT NULL);
                """)
        }
        return migrator
    }

    /// Records the venues and markets on a new ledger; refuses a ledger kept for others.
    static func bind(_ db: Database, maker: VenueMarket, hedge: VenueMarket) throws {
        let wanted = ["maker": maker.text, "hedge": hedge.text]
        for (key, value) in wanted.sorted(by: { $0.key < $1.key }) {
            if let held = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) {
                guard held == value else {
                    throw LedgerError("this ledger is kept for \(key) \(held), not \(value): use another ledger file")
                }
            } else {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
            }
        }
    }

    // MARK: - Writing

    /// Commits the entries in one transaction (fsynced per `durability`) before returning.
    public func write(_ entries: [LedgerEntry]) throws(LedgerError) {
        guard !entries.isEmpty else { return }
        do {
            try queue.write { db in
                for entry in entries { try Self.apply(entry, db) }
            }
        } catch {
            throw LedgerError("ledger write failed: \(error)")
        }
    }

    static func apply(_ entry: LedgerEntry, _ db: Database) throws {
        switch entry {
        case .order(let order):
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO orders (venue, client_id, venue_order_id, role, side, price, quantity, status,
                    executed, reason, round, created_ms, updated_ms, latency_us)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [order.venue.rawValue, order.clientOrderID, order.venueOrderID, order.role.rawValue,
                                         order.side.rawValue, order.price.units, order.quantity.units, order.status.rawValue,
                                         order.executed.units, order.reason, order.round, order.createdMs, order.updatedMs,
                                         order.latencyMicros])
        case .fill(let fill):
            try db.cachedStatement(sql: """
                INSERT INTO fills (venue, fill_id, client_id, role, side, price, quantity, counted, fee, fee_asset,
                    venue_ms, received_ms, latency_us)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [fill.venue.rawValue, fill.fillID, fill.clientOrderID, fill.role.rawValue,
                                         fill.side.rawValue, fill.price.units, fill.quantity.units, fill.counted.units,
                                         fill.fee.units, fill.feeAsset, fill.venueTimeMs, fill.receivedMs, fill.latencyMicros])
        case .link(let link):
            try db.cachedStatement(sql: """
                INSERT INTO pair_links (exposure_venue, exposure_fill, offset_venue, offset_fill, quantity)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET quantity = quantity + excluded.quantity
                """).execute(arguments: [link.exposure.venue.rawValue, link.exposure.fillID, link.offset.venue.rawValue,
                                         link.offset.fillID, link.quantity.units])
        case .checkpoint(let checkpoint):
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO checkpoint (id, phase, stop_reason, rounds_done, direction, round_side,
                    round_target, round_filled, updated_ms)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [checkpoint.phase.rawValue, checkpoint.stopReason, checkpoint.roundsDone,
                                         checkpoint.direction.rawValue, checkpoint.roundSide?.rawValue,
                                         checkpoint.roundTarget?.units, checkpoint.roundFilled.units, checkpoint.updatedMs])
        case .alert(let alert):
            try db.cachedStatement(sql: "INSERT INTO alerts (at_ms, level, message) VALUES (?, ?, ?)")
                .execute(arguments: [alert.atMs, alert.level.rawValue, alert.message])
        }
    }

    /// Copies the write-ahead log into the database and starts it over (its file keeps its
    /// size, so later commits overwrite rather than extend it). The engine calls it when idle:
    /// on the same connection, so it never races a commit.
    package func checkpointWAL() throws(LedgerError) {
        do {
            try queue.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(RESTART)") }
        } catch {
            throw LedgerError("ledger checkpoint failed: \(error)")
        }
    }

    /// SQLite's `synchronous` setting in force on the engine's connection (2 = FULL, 1 = NORMAL),
    /// for tests that check a durability took effect.
    package func synchronousSetting() throws(LedgerError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    // MARK: - Reading

    /// What the engine restores from.
    public func snapshot() throws(LedgerError) -> LedgerSnapshot {
        try read { db in
            LedgerSnapshot(orders: try Self.orders(db), fills: try Self.fills(db), checkpoint: try Self.checkpoint(db))
        }
    }

    /// Every order, by venue then client id.
    public func orders() throws(LedgerError) -> [LedgerOrder] { try read(Self.orders) }

    /// Every fill, in ledger order.
    public func fills() throws(LedgerError) -> [LedgerFill] { try read(Self.fills) }

    /// Every alert, oldest first.
    public func alerts() throws(LedgerError) -> [EngineAlert] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT at_ms, level, message FROM alerts ORDER BY seq").map { row in
                EngineAlert(level: EngineAlert.Level(rawValue: row["level"]) ?? .warning, message: row["message"],
                            atMs: row["at_ms"])
            }
        }
    }

    /// The net position per venue, from the fills.
    public func positions() throws(LedgerError) -> [VenueRole: FixedDecimal] { try read(Self.positions) }

    /// Fees paid per venue and asset.
    public func fees() throws(LedgerError) -> [VenueRole: [String: FixedDecimal]] { try read(Self.fees) }

    /// Each fill that opened exposure with the fills that offset it, in ledger order.
    public func pairs() throws(LedgerError) -> [LedgerPair] { try read { db in try Self.pairs(db, fills: Self.fills(db)) } }

    /// The venues and markets this ledger is kept for.
    public func venues() throws(LedgerError) -> (maker: String, hedge: String) { try read(Self.venues) }

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do { return try queue.read(body) } catch { throw LedgerError("ledger read failed: \(error)") }
    }

    static func positions(_ db: Database) throws -> [VenueRole: FixedDecimal] {
        var positions: [VenueRole: FixedDecimal] = [.maker: .zero, .hedge: .zero]
        let rows = try Row.fetchAll(db, sql: """
            SELECT venue, SUM(CASE side WHEN 'buy' THEN counted ELSE -counted END) AS net FROM fills GROUP BY venue
            """)
        for row in rows {
            guard let venue = VenueRole(rawValue: row["venue"]) else { continue }
            positions[venue] = FixedDecimal(units: row["net"] ?? 0)
        }
        return positions
    }

    static func fees(_ db: Database) throws -> [VenueRole: [String: FixedDecimal]] {
        var fees: [VenueRole: [String: FixedDecimal]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT venue, fee_asset, SUM(fee) AS total FROM fills GROUP BY venue, fee_asset") {
            guard let venue = VenueRole(rawValue: row["venue"]) else { continue }
            fees[venue, default: [:]][row["fee_asset"]] = FixedDecimal(units: row["total"] ?? 0)
        }
        return fees
    }

    /// A fill's counted quantity first offsets older lots (links naming it as the offset); only
    /// the rest opens exposure of its own. So a fill is a pair's opening fill when that rest is
    /// above zero, and the pair's open quantity is that rest less what offset it since: a
    /// flatten fill, or a maker fill that closed a hedge's overshoot, is a leg, not a pair.
    static func pairs(_ db: Database, fills: [LedgerFill]) throws -> [LedgerPair] {
        var byKey: [FillKey: LedgerFill] = [:]
        for fill in fills { byKey[fill.key] = fill }
        var offsets: [FillKey: [(LedgerFill, FixedDecimal)]] = [:]
        var usedAsOffset: [FillKey: FixedDecimal] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT l.exposure_venue, l.exposure_fill, l.offset_venue, l.offset_fill, l.quantity FROM pair_links l
            JOIN fills f ON f.venue = l.offset_venue AND f.fill_id = l.offset_fill ORDER BY f.seq
            """) {
            guard let exposureVenue = VenueRole(rawValue: row["exposure_venue"]),
                  let offsetVenue = VenueRole(rawValue: row["offset_venue"]),
                  let offset = byKey[FillKey(venue: offsetVenue, fillID: row["offset_fill"])] else { continue }
            let quantity = FixedDecimal(units: row["quantity"])
            offsets[FillKey(venue: exposureVenue, fillID: row["exposure_fill"]), default: []].append((offset, quantity))
            usedAsOffset[offset.key, default: .zero] += quantity
        }
        return fills.compactMap { fill -> LedgerPair? in
            let opened = fill.counted - (usedAsOffset[fill.key] ?? .zero)
            let links = offsets[fill.key] ?? []
            guard let sequence = fill.sequence, opened > .zero || !links.isEmpty else { return nil }
            return LedgerPair(id: sequence, exposure: fill, opened: opened, offsets: links.map { (fill: $0.0, quantity: $0.1) })
        }
    }

    static func venues(_ db: Database) throws -> (maker: String, hedge: String) {
        (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'maker'") ?? "maker",
         try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hedge'") ?? "hedge")
    }

    static func orders(_ db: Database) throws -> [LedgerOrder] {
        try Row.fetchAll(db, sql: "SELECT * FROM orders ORDER BY venue, client_id").map { row in
            guard let venue = VenueRole(rawValue: row["venue"]), let role = LedgerOrder.Role(rawValue: row["role"]),
                  let side = TradeSide(rawValue: row["side"]), let status = LedgerOrder.Status(rawValue: row["status"]) else {
                throw LedgerError("an order row the engine did not write: \(row)")
            }
            return LedgerOrder(venue: venue, clientOrderID: row["client_id"], venueOrderID: row["venue_order_id"], role: role,
                               side: side, price: FixedDecimal(units: row["price"]), quantity: FixedDecimal(units: row["quantity"]),
                               status: status, executed: FixedDecimal(units: row["executed"]), reason: row["reason"],
                               round: row["round"], createdMs: row["created_ms"], updatedMs: row["updated_ms"],
                               latencyMicros: row["latency_us"])
        }
    }

    static func fills(_ db: Database) throws -> [LedgerFill] {
        try Row.fetchAll(db, sql: "SELECT * FROM fills ORDER BY seq").map { row in
            guard let venue = VenueRole(rawValue: row["venue"]), let role = LedgerFill.Role(rawValue: row["role"]),
                  let side = TradeSide(rawValue: row["side"]) else {
                throw LedgerError("a fill row the engine did not write: \(row)")
            }
            return LedgerFill(venue: venue, fillID: row["fill_id"], clientOrderID: row["client_id"], role: role, side: side,
                              price: FixedDecimal(units: row["price"]), quantity: FixedDecimal(units: row["quantity"]),
                              counted: FixedDecimal(units: row["counted"]), fee: FixedDecimal(units: row["fee"]),
                              feeAsset: row["fee_asset"], venueTimeMs: row["venue_ms"], receivedMs: row["received_ms"],
                              latencyMicros: row["latency_us"], sequence: row["seq"])
        }
    }

    static func checkpoint(_ db: Database) throws -> EngineCheckpoint? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM checkpoint WHERE id = 1") else { return nil }
        guard let phase = RunPhase(rawValue: row["phase"]), let direction = TradeSide(rawValue: row["direction"]) else {
            throw LedgerError("a checkpoint the engine did not write")
        }
        let target: Int64? = row["round_target"]
        let side: String? = row["round_side"]
        return EngineCheckpoint(phase: phase, stopReason: row["stop_reason"], roundsDone: row["rounds_done"],
                                direction: direction, roundSide: side.flatMap(TradeSide.init(rawValue:)),
                                roundTarget: target.map(FixedDecimal.init(units:)),
                                roundFilled: FixedDecimal(units: row["round_filled"]), updatedMs: row["updated_ms"])
    }
}
