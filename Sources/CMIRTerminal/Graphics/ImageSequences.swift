/// The escape sequences that put rendered images on screen and take them off again. All output is
/// wrapped in save/restore cursor (DECSC/DECRC), so the text painter's cursor and attributes stay as it left them.
public enum ImageSequences {
    static let escape = "\u{1B}"

    /// Cursor to a zero-based cell.
    static func moveTo(column: Int, row: Int) -> String { "\(escape)[\(row + 1);\(column + 1)H" }

    /// Blanks every cell of the rectangles (ECH with default attributes), which also removes sixel pixels.
    public static func erase(_ rects: [CellRect]) -> [UInt8] {
        guard !rects.isEmpty else { return [] }
        var text = "\(escape)7\(escape)[0m"
        for rect in rects where !rect.isEmpty {
            for row in rect.row..<rect.endRow { text += moveTo(column: rect.column, row: row) + "\(escape)[\(rect.columns)X" }
        }
        return Array((text + "\(escape)8").utf8)
    }

    /// Draws images, each at the given top-left cell.
    public static func draw(_ images: [(column: Int, row: Int, image: RenderedImage)]) -> [UInt8] {
        guard !images.isEmpty else { return [] }
        var bytes = Array("\(escape)7".utf8)
        for (column, row, image) in images {
            switch image.payload {
            case .sixel(let sixel):
                bytes += Array(moveTo(column: column, row: row).utf8)
                bytes += sixel
            case .blocks(let lines):
                for (i, line) in lines.enumerated() { bytes += Array((moveTo(column: column, row: row + i) + line).utf8) }
            }
        }
        bytes += Array("\(escape)[0m\(escape)8".utf8)
        return bytes
    }

    /// Begin and end of a synchronized update (DEC mode 2026): terminals that know it show the frame at
    /// once instead of line by line; the others ignore it.
    public static let beginUpdate = Array("\(escape)[?2026h".utf8)
    public static let endUpdate = Array("\(escape)[?2026l".utf8)
}
