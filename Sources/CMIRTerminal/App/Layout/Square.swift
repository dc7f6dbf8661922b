/// Square boxes of cells: most microscopy images are square, and cells are not.
enum Square {
    /// Rows that make a box of `columns` cells physically square.
    static func rows(columns: Int, display: Display) -> Int {
        max(2, Int((Double(columns * display.cellWidth) / Double(display.cellHeight)).rounded()))
    }
}
