/// The `cursor` / `next_cursor` text of the REST pages. Clients must treat it as opaque: it is
/// a letter naming the list and a position in base 36, so a cursor of one list is refused by
/// another and no client mistakes it for an id it could compute.
enum PageCursor {
    /// The list a cursor belongs to.
    enum List: Character {
        case inactiveOrders = "o"
        case trades = "t"
    }

    static func text(_ position: Int64, list: List) -> String {
        String(list.rawValue) + String(position, radix: 36)
    }

    /// The position in `text`, or nil when it is not a cursor of `list`.
    static func position(_ text: String, list: List) -> Int64? {
        guard text.first == list.rawValue, text.utf8.count <= 14,
              let value = Int64(text.dropFirst(), radix: 36), value > 0 else { return nil }
        return value
    }
}
