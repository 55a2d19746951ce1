/// Which account-order channel a frame came on.
public enum AccountOrdersSource: Sendable, Hashable {
    /// `account_orders/{market}/{account}`.
    case accountOrders
    /// `account_all_orders/{account}`.
    case accountAllOrders
}
