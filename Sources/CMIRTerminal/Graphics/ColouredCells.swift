/// One row of character cells in 24-bit colour, written with as few colour changes as the row allows:
/// a colour is sent only when it differs from the cell before (what keeps text graphics small over SSH).
struct ColouredCells {
    private(set) var line = ""
    private var foreground: UInt32?
    private var background: UInt32?

    /// Appends `character` drawn in `foreground` on `background` (0xRRGGBB each).
    mutating func append(_ character: Character, foreground fg: UInt32, background bg: UInt32) {
        if fg != foreground { line += "\u{1B}[38;2;\(Self.components(fg))m"; foreground = fg }
        if bg != background { line += "\u{1B}[48;2;\(Self.components(bg))m"; background = bg }
        line.append(character)
    }

    /// The row, ending with the attributes reset.
    var finished: String { line + "\u{1B}[0m" }

    private static func components(_ colour: UInt32) -> String { "\((colour >> 16) & 0xFF);\((colour >> 8) & 0xFF);\(colour & 0xFF)" }
}
