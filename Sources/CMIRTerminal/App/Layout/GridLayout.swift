/// Thumbnails in rows and columns, each a square box of cells with `labelRows` of text under it,
/// scrolled by whole rows.
public struct GridLayout: Hashable, Sendable {
    public static let columnGap = 2, rowGap = 1
    /// Preferred thumbnail width in screen pixels: large enough to recognise tissue, small enough for
    /// several per row in an 80-column terminal.
    public static let preferredPixelWidth = 170

    public let area: CellRect
    public let labelRows: Int
    public let boxColumns: Int
    public let boxRows: Int
    public let perRow: Int
    public let visibleRows: Int

    public init(area: CellRect, display: Display, labelRows: Int) {
        self.area = area
        self.labelRows = labelRows
        // Characters show few pixels per cell: they need more cells than pixels to show anything recognisable.
        let preferred = display.mode.drawsPixels ? Int((Double(Self.preferredPixelWidth) / Double(display.cellWidth)).rounded()) : 22
        var columns = min(40, max(8, preferred))
        func rows(for columns: Int) -> Int { Square.rows(columns: columns, display: display) }
        while columns > 4 && (columns + 2 > area.columns || rows(for: columns) + labelRows > area.rows) { columns -= 1 }
        perRow = max(1, (area.columns - 1 + Self.columnGap) / (columns + Self.columnGap))
        // Share the leftover width among the thumbnails, as far as the height allows.
        let widest = (area.columns - 1 + Self.columnGap) / perRow - Self.columnGap
        while columns < widest && rows(for: columns + 1) + labelRows <= area.rows { columns += 1 }
        boxColumns = columns
        boxRows = rows(for: columns)
        visibleRows = max(1, (area.rows + Self.rowGap) / (boxRows + labelRows + Self.rowGap))
    }

    public var tileRows: Int { boxRows + labelRows + Self.rowGap }
    public var pageSize: Int { perRow * visibleRows }

    /// Number of grid rows needed for `count` items.
    public func rowCount(_ count: Int) -> Int { (count + perRow - 1) / perRow }

    /// The thumbnail box of item `index` when the grid is scrolled to `firstRow`; nil when not visible.
    public func box(of index: Int, firstRow: Int) -> CellRect? {
        let row = index / perRow - firstRow
        guard row >= 0, row < visibleRows else { return nil }
        let column = index % perRow
        return CellRect(column: area.column + 1 + column * (boxColumns + Self.columnGap),
                        row: area.row + row * tileRows, columns: boxColumns, rows: boxRows)
    }

    /// The label rows under item `index`'s box.
    public func label(of index: Int, firstRow: Int) -> CellRect? {
        box(of: index, firstRow: firstRow).map { CellRect(column: $0.column, row: $0.endRow, columns: $0.columns, rows: labelRows) }
    }

    /// The first visible row after scrolling as little as possible to show `selection`.
    public func firstRow(showing selection: Int, current: Int, count: Int) -> Int {
        let row = selection / perRow
        var first = current
        if row < first { first = row }
        if row >= first + visibleRows { first = row - visibleRows + 1 }
        return max(0, min(first, max(0, rowCount(count) - visibleRows)))
    }
}
