import Foundation

/// Puts rendered images on screen in the terminal's protocol and takes them off again, remembering what the
/// terminal holds: kitty images are transmitted once and then only placed and removed by id; sixel, iTerm2
/// and text images are written where they go and erased by blanking their cells. Inside tmux with passthrough,
/// image sequences are wrapped for it and positioned in the outer terminal's cells. All output is wrapped in
/// save/restore cursor (DECSC/DECRC), so the text painter's cursor and attributes stay as it left them.
public final class ImageWriter {
    public let mode: GraphicsMode
    private var tmux: TmuxPane?
    /// Kitty: the placement shown in each box.
    private var placements: [CellRect: (id: UInt32, placement: UInt32)] = [:]
    /// Kitty: images stored in the terminal, with their decoded size in bytes and when they were last placed.
    private var stored: [UInt32: (bytes: Int, used: Int)] = [:]
    private var clock = 0
    /// Kitty: decoded bytes of stored images above which the least recently placed ones are freed (kitty's
    /// own quota is 320 MB; staying well below it keeps the terminal from dropping images we still place).
    private let storageBudget: Int

    /// `tmux` is used only when its passthrough is on.
    public init(mode: GraphicsMode, tmux: TmuxPane?, storageBudget: Int = 128 << 20) {
        self.mode = mode
        self.tmux = tmux?.passthrough == true ? tmux : nil
        self.storageBudget = storageBudget
    }

    static let escape = "\u{1B}"

    /// Cursor to a zero-based cell.
    static func moveTo(column: Int, row: Int) -> String { "\(escape)[\(row + 1);\(column + 1)H" }

    /// Takes images off the cells of `rects`: blanks every cell (ECH with default attributes, which also
    /// removes sixel and iTerm2 pixels) and removes the kitty placements shown there.
    public func erase(_ rects: [CellRect]) -> [UInt8] {
        guard !rects.isEmpty else { return [] }
        var text = "\(Self.escape)7\(Self.escape)[0m"
        for rect in rects where !rect.isEmpty {
            for row in rect.row..<rect.endRow { text += Self.moveTo(column: rect.column, row: row) + "\(Self.escape)[\(rect.columns)X" }
        }
        var bytes = Array((text + "\(Self.escape)8").utf8)
        for rect in rects {
            if let shown = placements.removeValue(forKey: rect) {
                bytes += outer(KittyGraphics.removePlacement(id: shown.id, placement: shown.placement))
            }
        }
        return bytes
    }

    /// Draws images, each at its top-left cell inside its box (the box names a kitty placement).
    public func draw(_ images: [(column: Int, row: Int, box: CellRect, image: RenderedImage)]) -> [UInt8] {
        guard !images.isEmpty else { return [] }
        var bytes = Array("\(Self.escape)7".utf8)
        for (column, row, box, image) in images {
            switch image.payload {
            case .sixel(let sequence), .iterm(let sequence):
                bytes += placed(sequence, column: column, row: row)
            case .kitty(let png, let id):
                bytes += kitty(png: png, id: id, size: image.size, column: column, row: row, box: box)
            case .blocks(let lines):
                for (i, line) in lines.enumerated() { bytes += Array((Self.moveTo(column: column, row: row + i) + line).utf8) }
            }
        }
        bytes += Array("\(Self.escape)[0m\(Self.escape)8".utf8)
        return bytes
    }

    /// Before a full repaint (resize, resume): kitty placements go, since the text repaint does not remove
    /// them; inside tmux the pane's place on the outer terminal is asked again (panes move on resizes).
    public func clearScreen() -> [UInt8] {
        if tmux != nil, let moved = TmuxPane.current(environment: ProcessInfo.processInfo.environment), moved.passthrough {
            tmux = moved
        }
        guard mode == .kitty else { return [] }
        placements = [:]
        return outer(KittyGraphics.removeAllPlacements)
    }

    /// On exit: frees every kitty image stored in the terminal.
    public func leave() -> [UInt8] {
        defer { stored = [:]; placements = [:] }
        return stored.keys.sorted().flatMap { outer(KittyGraphics.free(id: $0)) }
    }

    /// Begin and end of a synchronized update (DEC mode 2026): terminals that know it show the frame at
    /// once instead of line by line; the others ignore it.
    public static let beginUpdate = Array("\(escape)[?2026h".utf8)
    public static let endUpdate = Array("\(escape)[?2026l".utf8)

    /// A sequence drawn at a cell: moved to directly, or through tmux at the pane's place on the outer terminal.
    private func placed(_ sequence: [UInt8], column: Int, row: Int) -> [UInt8] {
        if let tmux { return tmux.wrap(sequence, column: column, row: row) }
        return Array(Self.moveTo(column: column, row: row).utf8) + sequence
    }

    /// A sequence that goes to the outer terminal as it is (wrapped inside tmux).
    private func outer(_ sequence: [UInt8]) -> [UInt8] { tmux.map { _ in TmuxPane.wrap(sequence) } ?? sequence }

    private func kitty(png: [UInt8], id: UInt32, size: FittedSize, column: Int, row: Int, box: CellRect) -> [UInt8] {
        var bytes: [UInt8] = []
        clock += 1
        if stored[id] == nil {
            bytes += KittyGraphics.transmit(png: png, id: id).flatMap(outer)
            stored[id] = (size.pixelWidth * size.pixelHeight * 4, clock)
            bytes += freeBeyondBudget()
        }
        stored[id]?.used = clock
        let placement = UInt32(truncatingIfNeeded: box.row &* 4096 &+ box.column &+ 1)
        if let shown = placements[box], shown.id != id {
            bytes += outer(KittyGraphics.removePlacement(id: shown.id, placement: shown.placement))
        }
        placements[box] = (id, placement)
        return bytes + placed(KittyGraphics.place(id: id, placement: placement), column: column, row: row)
    }

    /// Frees the least recently placed images that are not on screen while the stored ones exceed the budget.
    private func freeBeyondBudget() -> [UInt8] {
        var total = stored.values.reduce(0) { $0 + $1.bytes }
        let onScreen = Set(placements.values.map(\.id))
        var bytes: [UInt8] = []
        for (id, entry) in stored.sorted(by: { $0.value.used < $1.value.used }) where total > storageBudget && !onScreen.contains(id) {
            stored[id] = nil
            total -= entry.bytes
            bytes += outer(KittyGraphics.free(id: id))
        }
        return bytes
    }
}
