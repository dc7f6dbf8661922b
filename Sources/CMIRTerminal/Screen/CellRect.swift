/// A rectangle of terminal character cells, zero-based from the top-left corner of the screen.
public struct CellRect: Hashable, Sendable {
    public var column: Int
    public var row: Int
    public var columns: Int
    public var rows: Int

    public init(column: Int, row: Int, columns: Int, rows: Int) {
        self.column = column; self.row = row; self.columns = columns; self.rows = rows
    }

    public var isEmpty: Bool { columns <= 0 || rows <= 0 }
    public var endColumn: Int { column + columns }
    public var endRow: Int { row + rows }

    public func contains(column: Int, row: Int) -> Bool {
        column >= self.column && column < endColumn && row >= self.row && row < endRow
    }

    public func intersects(_ other: CellRect) -> Bool {
        !isEmpty && !other.isEmpty && column < other.endColumn && other.column < endColumn
            && row < other.endRow && other.row < endRow
    }
}
