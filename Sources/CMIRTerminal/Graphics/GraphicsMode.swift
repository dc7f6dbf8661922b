/// How images reach the screen.
public enum GraphicsMode: String, Sendable, CaseIterable {
    /// DEC sixel bitmaps, pixel-exact.
    case sixel
    /// Unicode half blocks in 24-bit colour: two pixels per cell.
    case blocks
    /// No pictures at all (names and numbers only).
    case none
}
