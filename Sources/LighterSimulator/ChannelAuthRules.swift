import LighterProtocol
import Synchronization

/// Which account channels a subscription must carry an auth token for. `account_orders` and
/// `account_all_orders` always do (the venue answers 20001 without one); for the others the
/// venue is not documented, so the rule is a setting, readable from any task and changed at
/// start or at run time through the control API (`PUT /control/auth-rules/NAME?required=…`).
public final class ChannelAuthRules: Sendable {
    /// An account channel whose auth rule is not confirmed.
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case accountAll = "account_all"
        case accountAllTrades = "account_all_trades"
        case accountAllPositions = "account_all_positions"
        case accountAllAssets = "account_all_assets"
        case userStats = "user_stats"

        /// The kind of `channel`, when its rule is a setting.
        public init?(_ channel: StreamChannel) {
            switch channel {
            case .accountAll: self = .accountAll
            case .accountAllTrades: self = .accountAllTrades
            case .accountAllPositions: self = .accountAllPositions
            case .accountAllAssets: self = .accountAllAssets
            case .userStats: self = .userStats
            default: return nil
            }
        }
    }

    /// The reference's reading: the official SDK and CCXT subscribe to `account_all`,
    /// `account_all_trades` and `user_stats` without a token; CCXT and a third-party table
    /// send one for balances and positions.
    public static let referenceDefaults: Set<Kind> = [.accountAllPositions, .accountAllAssets]

    private let required: Mutex<Set<Kind>>

    /// Rules where the kinds in `required` need a token and the other settable kinds do not.
    public init(required: Set<Kind> = ChannelAuthRules.referenceDefaults) { self.required = Mutex(required) }

    /// Whether a subscription to `channel` must carry a valid token.
    public func requiresAuth(_ channel: StreamChannel) -> Bool {
        switch channel {
        case .accountOrders, .accountAllOrders: return true
        default:
            guard let kind = Kind(channel) else { return false }
            return required.withLock { $0.contains(kind) }
        }
    }

    /// Makes `kind` need a token (`value` true) or not, from the next subscription on.
    public func set(_ kind: Kind, required value: Bool) {
        required.withLock { if value { $0.insert(kind) } else { $0.remove(kind) } }
    }

    /// Every settable kind and whether it requires auth now.
    public var snapshot: [Kind: Bool] {
        let current = required.withLock { $0 }
        return Dictionary(uniqueKeysWithValues: Kind.allCases.map { ($0, current.contains($0)) })
    }
}
