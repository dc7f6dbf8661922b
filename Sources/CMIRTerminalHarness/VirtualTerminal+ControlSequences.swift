/// Control sequences: CSI (cursor, erasing, scrolling, modes, queries) and DCS (sixel images).
extension VirtualTerminal {
    func csi(final: UInt8) {
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
                reply(profile == .xterm || profile == .iterm ? "\u{1B}[?62;4;22c" : "\u{1B}[?62;22c")
            } else if privateMarker == ">" {
                reply("\u{1B}[>41;379;0c")
            }
        case "q": if privateMarker == ">", let version { reply("\u{1B}P>|\(version)\u{1B}\\") }
        case "n": if value(0, 0) == 6 { reply("\u{1B}[\(cursorRow + 1);\(cursorColumn + 1)R") }
        case "t":
            switch value(0, 0) {
            case 16: reply("\u{1B}[6;\(cell.height);\(cell.width)t")
            case 14: reply("\u{1B}[4;\(rows * cell.height);\(columns * cell.width)t")
            case 18: reply("\u{1B}[8;\(rows);\(columns)t")
            default: break
            }
        default: break
        }
    }

    func setMode(_ mode: Int, on: Bool) {
        if on { modes.insert(mode) } else { modes.remove(mode) }
        if mode == 1049 || mode == 47 || mode == 1047 {
            erase(rows: 0..<rows)
            images = []
        }
    }

    func finishDCS() {
        // Sixel: DCS params q "Pan;Pad;Ph;Pv data ST
        guard let q = dcsData.firstIndex(of: UInt8(ascii: "q")) else { return }
        var width = 0, height = 0
        let after = dcsData[(q + 1)...]
        if after.first == UInt8(ascii: "\"") {
            let attributes = String(decoding: after.dropFirst().prefix { $0 == UInt8(ascii: ";") || ($0 >= 0x30 && $0 <= 0x39) }, as: UTF8.self)
            let numbers = attributes.split(separator: ";").compactMap { Int($0) }
            if numbers.count == 4 { width = numbers[2]; height = numbers[3] }
        }
        show(ShownImage(kind: .sixel, column: dcsStart.column, row: dcsStart.row, width: width, height: height,
                        bytes: dcsData + Array("\u{1B}\\".utf8)))
    }
}
