import Foundation

/// The modelled terminal's replies and its image protocols beyond sixel: kitty graphics commands (APC)
/// and iTerm2 inline images (OSC 1337).
extension VirtualTerminal {
    /// Queues a reply, unless the modelled terminal answers nothing.
    func reply(_ text: String) {
        if profile != .silent { replies += Array(text.utf8) }
    }

    /// The XTVERSION answer of the profile (nil: the terminal does not know the query).
    var version: String? {
        switch profile {
        case .xterm: "XTerm(379)"
        case .kitty: "kitty(0.26.5)"
        case .iterm: "iTerm2 3.5.0"
        case .plain, .silent: nil
        }
    }

    /// Puts an image on screen: sixel and iTerm2 images first remove the images under their cells.
    func show(_ image: ShownImage) {
        if image.kind == .sixel || image.kind == .iterm {
            damage(rows: image.row..<(image.row + (image.height + cell.height - 1) / cell.height),
                   columns: image.column..<(image.column + (image.width + cell.width - 1) / cell.width))
        }
        images.append(image)
        allImages.append(image)
    }

    /// OSC 1337 ; File = keys : base64 — an iTerm2 inline image of `width` x `height` cells at the cursor.
    func finishOSC() {
        let text = String(decoding: stringData, as: UTF8.self)
        guard profile == .iterm, text.hasPrefix("1337;File="), let colon = text.firstIndex(of: ":") else { return }
        let keys = Self.keys(text[text.index(text.startIndex, offsetBy: 10)..<colon], separator: ";")
        guard keys["inline"] == "1", let png = Data(base64Encoded: String(text[text.index(after: colon)...])),
              let columns = keys["width"].flatMap({ Int($0) }), let rows = keys["height"].flatMap({ Int($0) }) else { return }
        show(ShownImage(kind: .iterm, column: cursorColumn, row: cursorRow, width: columns * cell.width,
                        height: rows * cell.height, bytes: Array(png)))
    }

    /// APC G keys ; payload — a kitty graphics command: query, (chunked) transmission, placement, deletion.
    func finishAPC() {
        guard profile == .kitty, stringData.first == UInt8(ascii: "G") else { return }
        let text = String(decoding: stringData.dropFirst(), as: UTF8.self)
        let parts = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        let keys = Self.keys(parts[0], separator: ",")
        let payload = parts.count > 1 ? Array(parts[1].utf8) : []
        if var pending = pendingTransmission {
            pending.base64 += payload
            pendingTransmission = keys["m"] == "1" ? pending : nil
            if keys["m"] != "1" { store(pending.keys, base64: pending.base64) }
            return
        }
        let id = keys["i"].flatMap { UInt32($0) } ?? 0
        switch keys["a"] ?? "t" {
        case "q": reply("\u{1B}_Gi=\(id);OK\u{1B}\\")
        case "t", "T":
            if keys["m"] == "1" { pendingTransmission = (keys, payload) } else { store(keys, base64: payload) }
        case "p": place(id: id, placement: keys["p"].flatMap { UInt32($0) } ?? 0)
        case "d":
            let which = keys["d"] ?? "a"
            let placement = keys["p"].flatMap { UInt32($0) }
            images.removeAll { image in
                guard case .kitty(let shown, let shownPlacement) = image.kind else { return false }
                return which.lowercased() == "a" || (shown == id && (placement == nil || placement == shownPlacement))
            }
            if which == "I" { storedImages[id] = nil }
            if which == "A" { storedImages = [:] }
        default: break
        }
    }

    private func store(_ keys: [String: String], base64: [UInt8]) {
        guard let id = keys["i"].flatMap({ UInt32($0) }), let png = Data(base64Encoded: Data(base64)) else { return }
        storedImages[id] = Array(png)
        transmissions.append(id)
        if keys["a"] == "T" { place(id: id, placement: keys["p"].flatMap { UInt32($0) } ?? 0) }
    }

    private func place(id: UInt32, placement: UInt32) {
        guard let png = storedImages[id], let size = Self.pngSize(png) else { return }
        images.removeAll { $0.kind == .kitty(id: id, placement: placement) }
        show(ShownImage(kind: .kitty(id: id, placement: placement), column: cursorColumn, row: cursorRow,
                        width: size.width, height: size.height, bytes: png))
    }

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ png: [UInt8]) -> (width: Int, height: Int)? {
        guard png.count >= 24, png[12..<16].elementsEqual("IHDR".utf8) else { return nil }
        func number(_ at: Int) -> Int { png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    static func keys(_ text: Substring, separator: Character) -> [String: String] {
        Dictionary(text.split(separator: separator).compactMap { pair -> (String, String)? in
            let kv = pair.split(separator: "=", maxSplits: 1)
            return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
        }, uniquingKeysWith: { _, last in last })
    }
}
