/// Lines that report the same event in different words. A confirmation can show as three
/// lines in one log (the received type, the confirmation, the snapshot's offset): counting
/// each kind apart and taking the largest counts the event once.
enum Tally: Int, CaseIterable {
    case bookConfirmationLine, bookInitialOffset, bookSnapshotLoaded, bookDataReceived
    case accountConfirmationLine, accountConfirmedByServer
    /// The Python bot's `Subscribed to account orders …`, a subscribe message as sent, the forked
    /// bot's `DEBUG: Channel: account_orders/…`.
    case accountSubscribeLine, accountSubscribeMessage, accountChannelLine
}
