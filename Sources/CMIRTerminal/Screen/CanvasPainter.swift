/// Turns a canvas into the escape sequences that show it, sending only the cells that changed since the
/// previous one. It never scrolls, never inserts or deletes lines or characters, and never erases to the
/// end of a line: anything of that kind would move or wipe image pixels beside the text. (ncurses' screen
/// optimiser does exactly that, scrolling regions with csr + reverse index, which is why cmir paints its
/// text itself.) The bottom-right cell is never written, so no terminal scrolls.
public enum CanvasPainter {
    static let escape = "\u{1B}"

    /// The sequence from `old` (what the screen shows) to `new`; everything when `old` is nil or of
    /// another size (the screen is cleared first, which also removes every image).
    public static func sequence(from old: Canvas?, to new: Canvas) -> String {
        var out = ""
        // Every paint ends in plain attributes, and image output restores what it found: so a paint
        // always starts from plain.
        var current = CellStyle.plain
        let full = old == nil || old!.columns != new.columns || old!.rows != new.rows
        if full { out += "\(escape)[0m\(escape)[H\(escape)[2J" }
        for row in 0..<new.rows {
            let cells = Array(new.cells(ofRow: row))
            var first: Int, last: Int
            if full {
                // After clearing, plain blanks at the end of the row are already there.
                guard let end = cells.lastIndex(where: { $0 != .blank }) else { continue }
                first = 0
                last = end
            } else {
                let previous = Array(old!.cells(ofRow: row))
                guard let start = cells.indices.first(where: { cells[$0] != previous[$0] }) else { continue }
                first = start
                last = cells.indices.last(where: { cells[$0] != previous[$0] })!
            }
            if row == new.rows - 1 { last = min(last, new.columns - 2) }
            if first > 0 && cells[first].isContinuation { first -= 1 }
            if last + 1 < cells.count && cells[last + 1].isContinuation { last += 1 }
            guard first <= last else { continue }
            out += "\(escape)[\(row + 1);\(first + 1)H"
            for cell in cells[first...last] where !cell.isContinuation {
                if cell.style != current {
                    out += sgr(cell.style)
                    current = cell.style
                }
                out.append(cell.character)
            }
        }
        if current != .plain { out += "\(escape)[0m" }
        return out
    }

    /// Select Graphic Rendition for a style, from a reset.
    static func sgr(_ style: CellStyle) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.reverse { codes.append("7") }
        switch style.colour {
        case .normal: break
        case .accent: codes.append("36")
        case .good: codes.append("32")
        case .warning: codes.append("33")
        case .error: codes.append("31")
        case .dim: codes.append("90")
        }
        return "\(escape)[\(codes.joined(separator: ";"))m"
    }
}
