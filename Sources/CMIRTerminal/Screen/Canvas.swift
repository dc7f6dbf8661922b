
/// The few text colours the browser uses; the terminal layer maps them to colour pairs.
public enum TextColour: Int, Sendable, CaseIterable {
    case normal, accent, good, warning, error, dim
}

/// How one cell's text looks.
public struct CellStyle: Hashable, Sendable {
    public var colour: TextColour
    public var bold: Bool
    public var reverse: Bool

    public init(_ colour: TextColour = .normal, bold: Bool = false, reverse: Bool = false) {
        self.colour = colour; self.bold = bold; self.reverse = reverse
    }

    public static let plain = CellStyle()
}

/// One character cell. A double-width character occupies its cell and a continuation cell after it.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle
    /// True for the right half of a double-width character (drawn by the cell before it).
    public var isContinuation: Bool

    public static let blank = Cell(character: " ", style: .plain, isContinuation: false)
}

/// A frame's text as a grid of styled cells: what views draw into, what `CanvasPainter` sends to the
/// terminal, and what tests read. Cells under images stay blank (images are drawn separately, on top).
public struct Canvas: Equatable, Sendable {
    public let columns: Int
    public let rows: Int
    private var cells: [Cell]

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        cells = Array(repeating: .blank, count: self.columns * self.rows)
    }

    public subscript(column: Int, row: Int) -> Cell {
        cells[row * columns + column]
    }

    /// The cells of one row, left to right.
    public func cells(ofRow row: Int) -> ArraySlice<Cell> {
        cells[(row * columns)..<((row + 1) * columns)]
    }

    /// The visible text of one row (continuation cells skipped), for tests and debugging.
    public func text(ofRow row: Int) -> String {
        String(cells(ofRow: row).filter { !$0.isContinuation }.map(\.character))
    }

    /// Display width of a character in cells (0 for combining marks, 2 for wide East Asian characters and
    /// emoji). In a UTF-8 locale this is the C library's wcwidth, the answer terminals follow, so the
    /// canvas and the screen agree about where text ends; a small table stands in otherwise.
    public static func width(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        let system = systemWidth(Int32(bitPattern: v))
        if system >= 0 { return Int(system) }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
                                           0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
                                           0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
                                           0x1F900...0x1F9FF, 0x20000...0x3FFFD, 0x231A...0x231B, 0x23E9...0x23EC,
                                           0x23F0...0x23F3, 0x2614...0x2615, 0x26A1...0x26A1, 0x2705...0x2705,
                                           0x274C...0x274C, 0x1F680...0x1F6FF]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// `text` with every control character (which a terminal would act on: escape sequences, cursor moves) shown
    /// as "?", so that a file name printed or drawn can never take over the terminal.
    public static func printable(_ text: String) -> String {
        String(text.map { character in
            character.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "?" : character
        })
    }

    /// Display width of a string in cells.
    public static func width(of text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// `text` cut to at most `width` cells, ending in "…" when cut.
    public static func truncated(_ text: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        if Self.width(of: text) <= width { return text }
        var out = "", used = 0
        for character in text {
            let w = Self.width(of: character)
            if used + w > width - 1 { break }
            out.append(character); used += w
        }
        return out + "…"
    }

    /// Writes `text` from (column, row), clipped to the canvas and to `maxWidth` cells; returns the cells used.
    /// Control characters are shown as "?" so a file name can never move the cursor.
    @discardableResult
    public mutating func put(_ text: String, column: Int, row: Int, style: CellStyle = .plain,
                             maxWidth: Int = .max) -> Int {
        guard row >= 0, row < rows else { return 0 }
        var x = column
        let limit = maxWidth >= columns ? columns : min(columns, column + max(0, maxWidth))
        for character in Self.printable(text) {
            let w = Self.width(of: character)
            if w == 0 { continue }
            if x + w > limit { break }
            if x >= 0 {
                cells[row * columns + x] = Cell(character: character, style: style, isContinuation: false)
                if w == 2 { cells[row * columns + x + 1] = Cell(character: " ", style: style, isContinuation: true) }
            }
            x += w
        }
        return x - column
    }

    /// Writes `text` centred in `width` cells starting at `column`.
    public mutating func putCentred(_ text: String, column: Int, width: Int, row: Int, style: CellStyle = .plain) {
        let cut = Self.truncated(text, toWidth: width)
        put(cut, column: column + max(0, (width - Self.width(of: cut)) / 2), row: row, style: style, maxWidth: width)
    }

    /// Sets every cell of `rect` to a blank of `style` (a coloured bar when the style is reversed).
    public mutating func fill(_ rect: CellRect, style: CellStyle = .plain) {
        for r in max(0, rect.row)..<min(rows, rect.endRow) {
            for c in max(0, rect.column)..<min(columns, rect.endColumn) {
                cells[r * columns + c] = Cell(character: " ", style: style, isContinuation: false)
            }
        }
    }

    /// Draws a light box-drawing frame along the edge of `rect`.
    public mutating func frame(_ rect: CellRect, style: CellStyle = .plain) {
        guard rect.columns >= 2, rect.rows >= 2 else { return }
        let horizontal = String(repeating: "─", count: rect.columns - 2)
        put("┌" + horizontal + "┐", column: rect.column, row: rect.row, style: style)
        put("└" + horizontal + "┘", column: rect.column, row: rect.endRow - 1, style: style)
        for r in (rect.row + 1)..<(rect.endRow - 1) {
            put("│", column: rect.column, row: r, style: style)
            put("│", column: rect.endColumn - 1, row: r, style: style)
        }
    }

    /// Indices of the rows that differ between two canvases of the same size (all rows when sizes differ).
    public func changedRows(since previous: Canvas?) -> Set<Int> {
        guard let previous, previous.columns == columns, previous.rows == rows else { return Set(0..<rows) }
        return Set((0..<rows).filter { cells(ofRow: $0) != previous.cells(ofRow: $0) })
    }
}

/// The C library's wcwidth (not exported by Swift's Glibc module); -1 for characters it does not know,
/// which is every non-ASCII one until a UTF-8 locale is set.
@_silgen_name("wcwidth")
private func systemWidth(_ character: Int32) -> Int32
