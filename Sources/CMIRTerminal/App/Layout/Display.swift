/// The terminal's cell size in pixels and how images are drawn: everything layout needs besides the size.
public struct Display: Hashable, Sendable {
    public var mode: GraphicsMode
    public var cellWidth: Int
    public var cellHeight: Int
    public init(mode: GraphicsMode, cellWidth: Int, cellHeight: Int) {
        self.mode = mode; self.cellWidth = cellWidth; self.cellHeight = cellHeight
    }
    public var cell: (width: Int, height: Int) { (cellWidth, cellHeight) }
    /// A box of cells in screen pixels.
    public func pixels(of box: CellRect) -> (width: Int, height: Int) { (box.columns * cellWidth, box.rows * cellHeight) }
}
