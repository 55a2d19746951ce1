/// Which of the two venues: the one the engine quotes on, or the one it hedges on.
public enum VenueRole: String, Sendable, Hashable, Codable {
    case maker
    case hedge
}
