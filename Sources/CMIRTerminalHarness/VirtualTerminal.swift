/// A small model of an xterm-like terminal for the end-to-end tests and the browser benchmark: it interprets
/// what a program writes (UTF-8 text, cursor movement, erasing, scrolling, the DEC line-drawing set, REP) into
/// a grid of characters, keeps the images it is sent (sixel, kitty placements, iTerm2 inline images) with their
/// positions, notes mode switches (alternate screen, cursor visibility, mouse), and answers the queries a program
/// may ask (device attributes, XTVERSION, the kitty graphics query, cell and window size, cursor position) the
/// way the terminal of its `profile` would.
public final class VirtualTerminal {
    /// Which terminal is modelled: what it answers and which image sequences it draws.
    public enum Profile: Sendable {
        /// xterm in VT340 mode: sixel in its device attributes, XTVERSION "XTerm(379)".
        case xterm
        /// A terminal without graphics that answers device attributes only.
        case plain
        /// kitty: accepts the kitty graphics query, XTVERSION "kitty(0.26.5)", no sixel.
        case kitty
        /// iTerm2: XTVERSION "iTerm2 3.5.0", sixel listed too (iTerm2 draws both).
        case iterm
        /// A terminal that answers nothing at all.
        case silent
    }

    public struct ShownImage: Equatable {
        public enum Kind: Equatable {
            case sixel
            /// A kitty placement of a stored image.
            case kitty(id: UInt32, placement: UInt32)
            case iterm
        }

        public var kind: Kind
        /// Cell of the top-left corner (zero-based).
        public var column: Int
        public var row: Int
        /// Pixel size: sixel raster attributes, the kitty image's PNG header, iTerm2 cells times the cell size.
        public var width: Int
        public var height: Int
        /// Sixel: the whole sequence, DCS to ST; kitty and iTerm2: the PNG file.
        public var bytes: [UInt8]
    }

    public internal(set) var columns: Int
    public internal(set) var rows: Int
    public let cell: (width: Int, height: Int)
    public let profile: Profile
    var grid: [[Character]]
    var reversed: [[Bool]]
    public internal(set) var cursorRow = 0
    public internal(set) var cursorColumn = 0
    var pendingWrap = false
    var savedCursor = (row: 0, column: 0)
    var lineDrawing = false
    var reverse = false
    var scrollTop = 0
    var scrollBottom: Int
    var lastPrinted: Character = " "
    /// Private modes currently set (1049 alternate screen, 25 cursor visible, 1002 mouse drag, ...).
    public internal(set) var modes: Set<Int> = [25]
    /// Images on screen that nothing has written over (sixel, iTerm2) or deleted (kitty) since they were drawn.
    public internal(set) var images: [ShownImage] = []
    /// Every image ever drawn or placed, in order.
    public internal(set) var allImages: [ShownImage] = []
    /// Kitty: the images the terminal stores (PNG files by id), and every id transmitted, in order.
    public internal(set) var storedImages: [UInt32: [UInt8]] = [:]
    public internal(set) var transmissions: [UInt32] = []
    /// Kitty: a chunked transmission still arriving (its first chunk's keys, the base64 so far).
    var pendingTransmission: (keys: [String: String], base64: [UInt8])?
    /// Bytes to send back to the program (replies to queries).
    public internal(set) var replies: [UInt8] = []
    /// Every byte received, for assertions on raw sequences.
    public internal(set) var received: [UInt8] = []

    enum State { case ground, escape, charset, csi, osc, oscEscape, dcs, dcsEscape, apc, apcEscape }
    var state = State.ground
    var parameters: [UInt8] = []
    var dcsData: [UInt8] = []
    var stringData: [UInt8] = []
    var dcsStart = (row: 0, column: 0)
    var utf8: [UInt8] = []

    public init(columns: Int, rows: Int, cell: (width: Int, height: Int) = (10, 20), profile: Profile = .xterm) {
        self.columns = columns
        self.rows = rows
        self.cell = cell
        self.profile = profile
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
    /// Whether the first occurrence of `text` on screen begins in reverse video (a selected label).
    public func isReversed(text: String) -> Bool {
        guard let row = row(containing: text), let found = line(row).range(of: text) else { return false }
        return isReversed(column: line(row).distance(from: line(row).startIndex, to: found.lowerBound), row: row)
    }
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
        var next = 0
        while next < bytes.count {
            if state == .dcs {
                // The bulk of a sixel image goes in at once, up to the byte that ends or cancels it.
                let end = bytes[next...].firstIndex { $0 == 0x1B || $0 == 0x18 || $0 == 0x1A } ?? bytes.count
                dcsData += bytes[next..<end]
                next = end
                if next == bytes.count { break }
            }
            feed(bytes[next])
            next += 1
        }
    }

    func feed(_ byte: UInt8) {
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
            if byte == 0x07 { finishOSC(); state = .ground } else if byte == 0x1B { state = .oscEscape } else { stringData.append(byte) }
        case .oscEscape:
            if byte == UInt8(ascii: "\\") { finishOSC(); state = .ground } else { stringData += [0x1B, byte]; state = .osc }
        case .apc:
            if byte == 0x1B { state = .apcEscape } else { stringData.append(byte) }
        case .apcEscape:
            if byte == UInt8(ascii: "\\") { finishAPC(); state = .ground } else { stringData += [0x1B, byte]; state = .apc }
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

    func ground(_ byte: UInt8) {
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

    func escape(_ byte: UInt8) {
        state = .ground
        switch byte {
        case UInt8(ascii: "["): state = .csi; parameters = []
        case UInt8(ascii: "]"): state = .osc; stringData = []
        case UInt8(ascii: "_"): state = .apc; stringData = []
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

    func print(_ raw: Character) {
        let character = lineDrawing ? (Self.lineDrawingMap[raw] ?? raw) : raw
        if pendingWrap {
            cursorColumn = 0
            lineFeed()
        }
        set(row: cursorRow, column: cursorColumn, character)
        lastPrinted = character
        if cursorColumn == columns - 1 { pendingWrap = true } else { cursorColumn += 1 }
    }

    func set(row: Int, column: Int, _ character: Character) {
        grid[row][column] = character
        reversed[row][column] = reverse
        damage(rows: row..<(row + 1), columns: column..<(column + 1))
    }

    func lineFeed() {
        pendingWrap = false
        if cursorRow == scrollBottom { scroll(up: 1) } else { cursorRow = min(rows - 1, cursorRow + 1) }
    }

    func scroll(up count: Int) {
        for _ in 0..<count {
            grid.remove(at: scrollTop); grid.insert(Array(repeating: " ", count: columns), at: scrollBottom)
            reversed.remove(at: scrollTop); reversed.insert(Array(repeating: false, count: columns), at: scrollBottom)
        }
        damage(rows: scrollTop..<(scrollBottom + 1), columns: 0..<columns)
    }

    func scroll(down count: Int) {
        for _ in 0..<count {
            grid.remove(at: scrollBottom); grid.insert(Array(repeating: " ", count: columns), at: scrollTop)
            reversed.remove(at: scrollBottom); reversed.insert(Array(repeating: false, count: columns), at: scrollTop)
        }
        damage(rows: scrollTop..<(scrollBottom + 1), columns: 0..<columns)
    }

    func erase(rows range: Range<Int>, columns columnRange: Range<Int>? = nil) {
        let span = columnRange ?? 0..<columns
        for r in range.clamped(to: 0..<rows) {
            for c in span.clamped(to: 0..<columns) { grid[r][c] = " "; reversed[r][c] = reverse }
        }
        damage(rows: range, columns: span)
    }

    /// Text or erasure over a sixel or iTerm2 image's cells removes the image (xterm clears those pixels);
    /// kitty images lie above the text and stay until deleted.
    func damage(rows range: Range<Int>, columns span: Range<Int>) {
        images.removeAll { image in
            if case .kitty = image.kind { return false }
            let imageRows = image.row..<(image.row + (image.height + cell.height - 1) / cell.height)
            let imageColumns = image.column..<(image.column + (image.width + cell.width - 1) / cell.width)
            return imageRows.overlaps(range) && imageColumns.overlaps(span)
        }
    }
}
