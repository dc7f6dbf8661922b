/// How images reach the screen, best first: the order detection prefers them in.
public enum GraphicsMode: String, Sendable, CaseIterable {
    /// The kitty graphics protocol: PNG sent once per image id, then placed and deleted by id (kitty, Ghostty).
    case kitty
    /// iTerm2 inline images (OSC 1337 File=): a PNG sized in cells (iTerm2, WezTerm, VS Code).
    case iterm
    /// DEC sixel bitmaps through libsixel, a 256-colour palette per image.
    case sixel
    /// Unicode symbols in 24-bit colour chosen by chafa to follow the picture's shapes: any modern terminal.
    case symbols
    /// Unicode half blocks in 24-bit colour: two pixels per cell.
    case blocks
    /// No pictures at all (names and numbers only).
    case none

    /// True for the protocols that draw screen pixels; the others draw characters in cells.
    public var drawsPixels: Bool { self == .kitty || self == .iterm || self == .sixel }

    /// The values `CMIR_GRAPHICS` takes, as help texts list them.
    public static let choices = allCases.map(\.rawValue).joined(separator: "|")
}
