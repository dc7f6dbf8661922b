import CMIRKit
import CMIRTerminal
import Testing

@Suite struct LayoutTests {
    static let sixel = Display(mode: .sixel, cellWidth: 10, cellHeight: 20)

    @Test func contentKeepsClearOfTitleAndStatusRows() {
        let layout = ScreenLayout(size: TerminalSize(columns: 120, rows: 40))
        #expect(layout.content == CellRect(column: 0, row: 2, columns: 120, rows: 36))
        #expect(layout.content.endRow < layout.statusRow)
        #expect(ScreenLayout(size: TerminalSize(columns: 59, rows: 30)).isTooSmall)
        #expect(!ScreenLayout(size: ScreenLayout.minimum).isTooSmall)
    }

    @Test func gridTilesDoNotOverlapAndStayInTheArea() {
        let area = CellRect(column: 0, row: 2, columns: 120, rows: 36)
        let grid = GridLayout(area: area, display: Self.sixel, labelRows: 2)
        #expect(grid.boxColumns == 18 && grid.boxRows == 9, "17 preferred, widened to share the leftover columns")
        let boxes = (0..<grid.pageSize).compactMap { grid.box(of: $0, firstRow: 0) }
        #expect(boxes.count == grid.pageSize)
        for (i, a) in boxes.enumerated() {
            #expect(a.column >= area.column && a.endColumn <= area.endColumn && a.row >= area.row)
            #expect(grid.label(of: i, firstRow: 0)!.endRow <= area.endRow)
            for b in boxes[(i + 1)...] { #expect(!a.intersects(b)) }
        }
        #expect(grid.box(of: grid.pageSize, firstRow: 0) == nil, "the next page is not visible")
    }

    @Test func gridScrollsByAsLittleAsNeeded() {
        let grid = GridLayout(area: CellRect(column: 0, row: 2, columns: 120, rows: 22), display: Self.sixel, labelRows: 1)
        #expect(grid.visibleRows == 2 && grid.perRow == 6)
        #expect(grid.firstRow(showing: 13, current: 0, count: 30) == 1)
        #expect(grid.firstRow(showing: 2, current: 3, count: 30) == 0)
        #expect(grid.firstRow(showing: 29, current: 0, count: 30) == 3)
    }

    @Test func smallAreasShrinkTheThumbnails() {
        let grid = GridLayout(area: CellRect(column: 0, row: 2, columns: 60, rows: 8), display: Self.sixel, labelRows: 2)
        #expect(grid.boxRows + grid.labelRows <= 8)
        #expect(grid.box(of: 0, firstRow: 0) != nil)
    }

    @Test func cropLayoutMapsCellsToImagePixels() throws {
        let area = CellRect(column: 0, row: 2, columns: 120, rows: 36)
        let layout = CropLayout(area: area, display: Self.sixel)
        let whole = PixelRect(x: 0, y: 0, width: 384, height: 384)
        let fitted = try #require(layout.fitted(shown: whole))
        let origin = fitted.origin(in: layout.imageBox)
        let corner = try #require(layout.imagePoint(column: origin.column, row: origin.row, shown: whole))
        #expect(corner.inside && corner.x < 6 && corner.y < 12)
        let outside = try #require(layout.imagePoint(column: origin.column - 1, row: origin.row, shown: whole))
        #expect(!outside.inside && outside.x == 0, "clamped to the image")
        // Zoomed in on a part of a large image, a cell maps into that part, in the image's full-resolution pixels.
        let part = PixelRect(x: 2000, y: 1000, width: 384, height: 384)
        let inPart = try #require(layout.imagePoint(column: origin.column, row: origin.row, shown: part))
        #expect(inPart.inside && inPart.x - corner.x == 2000 && inPart.y - corner.y == 1000)
        #expect(CropLayout(area: area, display: Display(mode: .none, cellWidth: 10, cellHeight: 20)).imagePoint(column: 5, row: 5, shown: whole) == nil)
    }
}
