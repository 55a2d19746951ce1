import LighterProtocol

extension ErrorFrame {
    /// The venue's error answer, the code from `VenueErrorCode` (the one table of them).
    static func sim(_ code: Int, _ message: String) -> ErrorFrame { ErrorFrame(code: code, message: message) }
}
