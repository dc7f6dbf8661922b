/// A small model of an xterm-like terminal for tests: it interprets what a program writes (UTF-8 text,
/// cursor movement, erasing, scrolling, the DEC line-drawing set, REP) into a grid of characters, keeps
/// the sixel images it is sent with their positions, notes mode switches (alternate screen, cursor
/// visibility, mouse), and answers the queries a program may ask (device attributes, cell and window
/// size, cursor position) the way a sixel-capable xterm would.
public final class VirtualTerminal {
    public struct SixelImage: Equatable {
        /// Cell of the top-left corner (zero-based).
        public var column: Int
        public var row: Int
        /// Pixel size from the sixel raster attributes.
        public var width: Int
        public var height: Int
        /// The whole sequence, DCS to ST.
        public var bytes: [UInt8]
    }

    public private(set) var columns: Int
    public private(set) var rows: Int
    public let cell: (width: Int, height: Int)
    public let answersSixel: Bool
    private var grid: [[Character]]
    private var reversed: [[Bool]]
    public private(set) var cursorRow = 0
    public private(set) var cursorColumn = 0
    private var pendingWrap = false
    private var savedCursor = (row: 0, column: 0)
    private var lineDrawing = false
    private var reverse = false
    private var scrollTop = 0
    private var scrollBottom: Int
    private var lastPrinted: Character = " "
    /// Private modes currently set (1049 alternate screen, 25 cursor visible, 1002 mouse drag, ...).
    public private(set) var modes: Set<Int> = [25]
    /// Images on screen that nothing has written over since they were drawn.
    public private(set) var images: [SixelImage] = []
    /// Every sixel image ever received, in order.
    public private(set) var allImages: [SixelImage] = []
    /// Bytes to send back to the program (replies to queries).
    public private(set) var replies: [UInt8] = []
    /// Every byte received, for assertions on raw sequences.
    public private(set) var received: [UInt8] = []

    private enum State { case ground, escape, charset, csi, osc, oscEscape, dcs, dcsEscape }
    private var state = State.ground
    private var parameters: [UInt8] = []
    private var dcsData: [UInt8] = []
    private var dcsStart = (row: 0, column: 0)
    private var utf8: [UInt8] = []

    public init(columns: Int, rows: Int, cell: (width: Int, height: Int) = (10, 20), answersSixel: Bool = true) {
        self.columns = columns
        self.rows = rows
        self.cell = cell
        self.answersSixel = answersSixel
        grid = Array(repeating: Array(repeating: " ", count: columns), count: rows)
        reversed = Array(repeating: Array(repeating: false, count: columns), count: rows)
        scrollBottom = rows - 1
    }

    // MARK: Reading the screen

    public func line(_ row: Int) -> String { String(grid[row]) }
    public var text: String { (0..<rows).map(line).joined(separator: "\n") }
    public func contains(_ text: String) -> Bool { (0..<rows).contains { line($0).contains(text) } }
    /// Whether the character at a cell is shown in reverse video (a selection).
    public func isReversed(column: Int, row: Int) -> Bool { reversed[row][column] }
    /// The row holding `text`, first from the top.
    public func row(containing text: String) -> Int? { (0..<rows).first { line($0).contains(text) } }

    /// Takes the replies queued since the last call.
    public func takeReplies() -> [UInt8] {
        defer { replies = [] }
        return replies
    }

    /// Resizes like xterm: the grid is cut or padded, the cursor clamped.
    public func resize(columns: Int, rows: Int) {
        grid = (0..<rows).map { r in (0..<columns).map { c in r < self.rows && c < self.columns ? grid[r][c] : " " } }
        reversed = (0..<rows).map { r in (0..<columns).map { c in r < self.rows && c < self.columns ? reversed[r][c] : false } }
        self.columns = columns
        self.rows = rows
        scrollTop = 0
        scrollBottom = rows - 1
        cursorRow = min(cursorRow, rows - 1)
        cursorColumn = min(cursorColumn, columns - 1)
        images = []
    }

    // MARK: Parsing

    public func feed(_ bytes: [UInt8]) {
        received += bytes
        for byte in bytes { feed(byte) }
    }

    private func feed(_ byte: UInt8) {
        switch state {
        case .ground: ground(byte)
        case .escape: escape(byte)
        case .charset:
            lineDrawing = byte == UInt8(ascii: "0")
            state = .ground
        case .csi:
            if byte >= 0x40 && byte <= 0x7E {
                csi(final: byte)
                state = .ground
            } else if byte == 0x18 || byte == 0x1A {
                state = .ground
            } else {
                parameters.append(byte)
            }
        case .osc:
            if byte == 0x07 { state = .ground } else if byte == 0x1B { state = .oscEscape }
        case .oscEscape:
            state = byte == UInt8(ascii: "\\") ? .ground : .osc
        case .dcs:
            if byte == 0x1B { state = .dcsEscape } else if byte == 0x18 || byte == 0x1A { state = .ground } else { dcsData.append(byte) }
        case .dcsEscape:
            if byte == UInt8(ascii: "\\") {
                finishDCS()
                state = .ground
            } else {
                dcsData += [0x1B, byte]
                state = .dcs
            }
        }
    }

    private func ground(_ byte: UInt8) {
        switch byte {
        case 0x1B: state = .escape; parameters = []
        case 0x0D: cursorColumn = 0; pendingWrap = false
        case 0x0A, 0x0B, 0x0C: lineFeed()
        case 0x08: cursorColumn = max(0, cursorColumn - 1); pendingWrap = false
        case 0x09: cursorColumn = min(columns - 1, (cursorColumn / 8 + 1) * 8); pendingWrap = false
        case 0x00..<0x20, 0x7F: break
        default:
            utf8.append(byte)
            let expected = utf8[0] < 0xE0 ? 2 : utf8[0] < 0xF0 ? 3 : 4
            if utf8[0] < 0x80 || utf8.count == expected {
                let character = Character(String(decoding: utf8, as: UTF8.self))
                utf8 = []
                print(character)
            }
        }
    }

    private func escape(_ byte: UInt8) {
        state = .ground
        switch byte {
        case UInt8(ascii: "["): state = .csi; parameters = []
        case UInt8(ascii: "]"): state = .osc
        case UInt8(ascii: "P"): state = .dcs; dcsData = Array("\u{1B}P".utf8); dcsStart = (cursorRow, cursorColumn)
        case UInt8(ascii: "("), UInt8(ascii: ")"): state = .charset
        case UInt8(ascii: "7"): savedCursor = (cursorRow, cursorColumn)
        case UInt8(ascii: "8"): cursorRow = savedCursor.row; cursorColumn = savedCursor.column; pendingWrap = false
        case UInt8(ascii: "D"): lineFeed()
        case UInt8(ascii: "E"): cursorColumn = 0; lineFeed()
        case UInt8(ascii: "M"):
            if cursorRow == scrollTop { scroll(down: 1) } else { cursorRow = max(0, cursorRow - 1) }
        case UInt8(ascii: "c"): erase(rows: 0..<rows); cursorRow = 0; cursorColumn = 0
        default: break
        }
    }

    private static let lineDrawingMap: [Character: Character] = [
        "q": "─", "x": "│", "l": "┌", "k": "┐", "m": "└", "j": "┘", "t": "├", "u": "┤", "v": "┴", "w": "┬", "n": "┼",
        "a": "▒", "`": "◆", "~": "·", "0": "█",
    ]

    private func print(_ raw: Character) {
        let character = lineDrawing ? (Self.lineDrawingMap[raw] ?? raw) : raw
        if pendingWrap {
            cursorColumn = 0
            lineFeed()
        }
        set(row: cursorRow, column: cursorColumn, character)
        lastPrinted = character
        if cursorColumn == columns - 1 { pendingWrap = true } else { cursorColumn += 1 }
    }

    private func set(row: Int, column: Int, _ character: Character) {
        grid[row][column] = character
        reversed[row][column] = reverse
        damage(rows: row..<(row + 1), columns: column..<(column + 1))
    }

    private func lineFeed() {
        pendingWrap = false
        if cursorRow == scrollBottom { scroll(up: 1) } else { cursorRow = min(rows - 1, cursorRow + 1) }
    }

    private func scroll(up count: Int) {
        for _ in 0..<count {
            grid.remove(at: scrollTop); grid.insert(Array(repeating: " ", count: columns), at: scrollBottom)
            reversed.remove(at: scrollTop); reversed.insert(Array(repeating: false, count: columns), at: scrollBottom)
        }
        damage(rows: scrollTop..<(scrollBottom + 1), columns: 0..<columns)
    }

    private func scroll(down count: Int) {
        for _ in 0..<count {
            grid.remove(at: scrollBottom); grid.insert(Array(repeating: " ", count: columns), at: scrollTop)
            reversed.remove(at: scrollBottom); reversed.insert(Array(repeating: false, count: columns), at: scrollTop)
        }
        damage(rows: scrollTop..<(scrollBottom + 1), columns: 0..<columns)
    }

    private func erase(rows range: Range<Int>, columns columnRange: Range<Int>? = nil) {
        let span = columnRange ?? 0..<columns
        for r in range.clamped(to: 0..<rows) {
            for c in span.clamped(to: 0..<columns) { grid[r][c] = " "; reversed[r][c] = reverse }
        }
        damage(rows: range, columns: span)
    }

    /// Text or erasure over an image's cells removes the image (xterm clears those pixels).
    private func damage(rows range: Range<Int>, columns span: Range<Int>) {
        images.removeAll { image in
            let imageRows = image.row..<(image.row + (image.height + cell.height - 1) / cell.height)
            let imageColumns = image.column..<(image.column + (image.width + cell.width - 1) / cell.width)
            return imageRows.overlaps(range) && imageColumns.overlaps(span)
        }
    }

    private func csi(final: UInt8) {
        let text = String(decoding: parameters, as: UTF8.self)
        let privateMarker = text.first.flatMap { "?>=<".contains($0) ? $0 : nil }
        let body = privateMarker == nil ? text : String(text.dropFirst())
        let values = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        func value(_ i: Int, _ fallback: Int) -> Int { i < values.count ? (values[i] ?? fallback) : fallback }
        let n = max(1, value(0, 1))
        pendingWrap = false
        switch Character(UnicodeScalar(final)) {
        case "A": cursorRow = max(0, cursorRow - n)
        case "B": cursorRow = min(rows - 1, cursorRow + n)
        case "C": cursorColumn = min(columns - 1, cursorColumn + n)
        case "D": cursorColumn = max(0, cursorColumn - n)
        case "E": cursorRow = min(rows - 1, cursorRow + n); cursorColumn = 0
        case "F": cursorRow = max(0, cursorRow - n); cursorColumn = 0
        case "G", "`": cursorColumn = min(columns - 1, n - 1)
        case "d": cursorRow = min(rows - 1, n - 1)
        case "H", "f":
            cursorRow = min(rows - 1, max(1, value(0, 1)) - 1)
            cursorColumn = min(columns - 1, max(1, value(1, 1)) - 1)
        case "J":
            switch value(0, 0) {
            case 0: erase(rows: cursorRow..<(cursorRow + 1), columns: cursorColumn..<columns); erase(rows: (cursorRow + 1)..<rows)
            case 1: erase(rows: 0..<cursorRow); erase(rows: cursorRow..<(cursorRow + 1), columns: 0..<(cursorColumn + 1))
            default: erase(rows: 0..<rows); images = []
            }
        case "K":
            switch value(0, 0) {
            case 0: erase(rows: cursorRow..<(cursorRow + 1), columns: cursorColumn..<columns)
            case 1: erase(rows: cursorRow..<(cursorRow + 1), columns: 0..<(cursorColumn + 1))
            default: erase(rows: cursorRow..<(cursorRow + 1))
            }
        case "X": erase(rows: cursorRow..<(cursorRow + 1), columns: cursorColumn..<(cursorColumn + n))
        case "@":
            grid[cursorRow].insert(contentsOf: Array(repeating: " ", count: n), at: cursorColumn)
            grid[cursorRow].removeLast(n)
            damage(rows: cursorRow..<(cursorRow + 1), columns: cursorColumn..<columns)
        case "P":
            let count = min(n, columns - cursorColumn)
            grid[cursorRow].removeSubrange(cursorColumn..<(cursorColumn + count))
            grid[cursorRow] += Array(repeating: " ", count: count)
            damage(rows: cursorRow..<(cursorRow + 1), columns: cursorColumn..<columns)
        case "L":
            let saved = scrollTop; scrollTop = cursorRow; scroll(down: n); scrollTop = saved
        case "M":
            let saved = scrollTop; scrollTop = cursorRow; scroll(up: n); scrollTop = saved
        case "S": scroll(up: n)
        case "T": scroll(down: n)
        case "b": for _ in 0..<n { print(lastPrinted) }
        case "r":
            scrollTop = max(0, value(0, 1) - 1)
            scrollBottom = min(rows - 1, value(1, rows) - 1)
            cursorRow = 0; cursorColumn = 0
        case "m":
            for v in values.map({ $0 ?? 0 }) {
                if v == 7 { reverse = true } else if v == 27 || v == 0 { reverse = false }
            }
            if values.isEmpty { reverse = false }
        case "h": if privateMarker == "?" { for v in values.compactMap({ $0 }) { setMode(v, on: true) } }
        case "l": if privateMarker == "?" { for v in values.compactMap({ $0 }) { setMode(v, on: false) } }
        case "s": savedCursor = (cursorRow, cursorColumn)
        case "u": cursorRow = savedCursor.row; cursorColumn = savedCursor.column
        case "c":
            if privateMarker == nil && value(0, 0) == 0 {
                replies += Array((answersSixel ? "\u{1B}[?62;4;22c" : "\u{1B}[?62;22c").utf8)
            } else if privateMarker == ">" {
                replies += Array("\u{1B}[>41;379;0c".utf8)
            }
        case "n": if value(0, 0) == 6 { replies += Array("\u{1B}[\(cursorRow + 1);\(cursorColumn + 1)R".utf8) }
        case "t":
            switch value(0, 0) {
            case 16: replies += Array("\u{1B}[6;\(cell.height);\(cell.width)t".utf8)
            case 14: replies += Array("\u{1B}[4;\(rows * cell.height);\(columns * cell.width)t".utf8)
            case 18: replies += Array("\u{1B}[8;\(rows);\(columns)t".utf8)
            default: break
            }
        default: break
        }
    }

    private func setMode(_ mode: Int, on: Bool) {
        if on { modes.insert(mode) } else { modes.remove(mode) }
        if mode == 1049 || mode == 47 || mode == 1047 {
            erase(rows: 0..<rows)
            images = []
        }
    }

    private func finishDCS() {
        // Sixel: DCS params q "Pan;Pad;Ph;Pv data ST
        guard let q = dcsData.firstIndex(of: UInt8(ascii: "q")) else { return }
        var width = 0, height = 0
        let after = dcsData[(q + 1)...]
        if after.first == UInt8(ascii: "\"") {
            let attributes = String(decoding: after.dropFirst().prefix { $0 == UInt8(ascii: ";") || ($0 >= 0x30 && $0 <= 0x39) }, as: UTF8.self)
            let numbers = attributes.split(separator: ";").compactMap { Int($0) }
            if numbers.count == 4 { width = numbers[2]; height = numbers[3] }
        }
        let image = SixelImage(column: dcsStart.column, row: dcsStart.row, width: width, height: height,
                               bytes: dcsData + Array("\u{1B}\\".utf8))
        damage(rows: image.row..<(image.row + (height + cell.height - 1) / cell.height),
               columns: image.column..<(image.column + (width + cell.width - 1) / cell.width))
        images.append(image)
        allImages.append(image)
    }
}
