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
