/// The frame every screen shares: a title row, the content area, and the status row at the bottom.
/// Images live only in the content area, so they never touch the last row (a sixel there scrolls
/// many terminals).
public struct ScreenLayout: Hashable, Sendable {
    /// Below this the browser shows a message instead of a layout.
    public static let minimum = TerminalSize(columns: 60, rows: 16)

    public let size: TerminalSize
    public init(size: TerminalSize) { self.size = size }

    public var isTooSmall: Bool { size.columns < Self.minimum.columns || size.rows < Self.minimum.rows }
    public var titleRow: Int { 0 }
    public var statusRow: Int { size.rows - 1 }
    /// Rows 2 ... rows-3: a blank row under the title and one above the status row keep images clear of both.
    public var content: CellRect { CellRect(column: 0, row: 2, columns: size.columns, rows: size.rows - 4) }
}

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
        // Blocks show two pixels per cell: they need more cells than sixel to show anything recognisable.
        let preferred = display.mode == .sixel ? Int((Double(Self.preferredPixelWidth) / Double(display.cellWidth)).rounded()) : 22
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

/// The crop tool: the query image as large as fits on the left, a panel of facts and keys on the right.
public struct CropLayout: Hashable, Sendable {
    public static let panelWidth = 30
    public let imageBox: CellRect
    public let panel: CellRect

    public init(area: CellRect) {
        let boxColumns = area.columns - Self.panelWidth - 3
        imageBox = CellRect(column: area.column + 1, row: area.row, columns: boxColumns, rows: area.rows)
        panel = CellRect(column: imageBox.endColumn + 2, row: area.row, columns: Self.panelWidth, rows: area.rows)
    }

    /// Where the image is drawn, in cells and in raster pixels.
    public func fitted(imageWidth: Int, imageHeight: Int, display: Display) -> FittedSize? {
        ImageFitting.fit(width: imageWidth, height: imageHeight, columns: imageBox.columns, rows: imageBox.rows,
                         cell: display.cell, mode: display.mode)
    }

    /// The image pixel under the centre of a cell, clamped to the image; `inside` says whether the cell
    /// is on the image at all.
    public func imagePoint(column: Int, row: Int, imageWidth: Int, imageHeight: Int,
                           display: Display) -> (x: Int, y: Int, inside: Bool)? {
        guard let size = fitted(imageWidth: imageWidth, imageHeight: imageHeight, display: display) else { return nil }
        let origin = size.origin(in: imageBox)
        let perColumn = display.mode == .sixel ? Double(display.cellWidth) : 1
        let perRow = display.mode == .sixel ? Double(display.cellHeight) : 2
        let x = (Double(column - origin.column) + 0.5) * perColumn * Double(imageWidth) / Double(size.pixelWidth)
        let y = (Double(row - origin.row) + 0.5) * perRow * Double(imageHeight) / Double(size.pixelHeight)
        let inside = x >= 0 && y >= 0 && x < Double(imageWidth) && y < Double(imageHeight)
        return (min(max(0, Int(x)), imageWidth - 1), min(max(0, Int(y)), imageHeight - 1), inside)
    }
}

/// Results: the query on the left (thumbnail and facts), the ranked matches as a grid on the right.
public struct ResultsLayout: Hashable, Sendable {
    public let queryBox: CellRect
    public let queryText: CellRect
    public let grid: GridLayout

    public init(area: CellRect, display: Display) {
        let probe = GridLayout(area: area, display: display, labelRows: 2)
        let panelColumns = max(probe.boxColumns, 22)
        queryBox = CellRect(column: area.column + 1, row: area.row, columns: probe.boxColumns, rows: probe.boxRows)
        queryText = CellRect(column: area.column + 1, row: queryBox.endRow + 1, columns: panelColumns,
                             rows: max(0, area.rows - probe.boxRows - 1))
        let gridColumn = area.column + panelColumns + 3
        grid = GridLayout(area: CellRect(column: gridColumn, row: area.row, columns: area.endColumn - gridColumn, rows: area.rows),
                          display: display, labelRows: 2)
    }
}

/// Inspection: query and match side by side, as large as fits, with two label rows under each.
public struct InspectionLayout: Hashable, Sendable {
    public let queryBox: CellRect
    public let matchBox: CellRect

    /// Boxes as tall as a square image of their width needs, so the labels sit right under the images.
    public init(area: CellRect, display: Display) {
        let columns = (area.columns - 3) / 2
        let rows = min(area.rows - 3, Square.rows(columns: columns, display: display))
        queryBox = CellRect(column: area.column + 1, row: area.row, columns: columns, rows: rows)
        matchBox = CellRect(column: queryBox.endColumn + 1, row: area.row, columns: columns, rows: rows)
    }

    public func label(under box: CellRect) -> CellRect {
        CellRect(column: box.column, row: box.endRow + 1, columns: box.columns, rows: 2)
    }
}

/// Square boxes of cells: most microscopy images are square, and cells are not.
enum Square {
    /// Rows that make a box of `columns` cells physically square.
    static func rows(columns: Int, display: Display) -> Int {
        max(2, Int((Double(columns * display.cellWidth) / Double(display.cellHeight)).rounded()))
    }
}
