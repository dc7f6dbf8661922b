@testable import CMIRTerminal
import Testing

@Suite struct ImageFittingTests {
    @Test(arguments: [(384, 384), (512, 300), (300, 512), (1000, 20)])
    func sixelFitsTheBoxInWholeBands(width: Int, height: Int) throws {
        let fitted = try #require(ImageFitting.fit(width: width, height: height, columns: 17, rows: 9, cell: (10, 20), mode: .sixel))
        #expect(fitted.pixelHeight % 6 == 0)
        #expect(fitted.pixelWidth <= 170 && fitted.pixelHeight <= 180)
        #expect(fitted.columns <= 17 && fitted.rows <= 9)
        let aspect = Double(width) / Double(height), shown = Double(fitted.pixelWidth) / Double(fitted.pixelHeight)
        #expect(abs(shown - aspect) / aspect < 0.12 || fitted.pixelHeight == 6, "aspect \(aspect) shown as \(shown)")
        #expect(fitted.pixelWidth == 170 || fitted.pixelHeight >= 174, "as large as fits")
    }

    @Test func blocksKeepThePhysicalAspectWithTwoPixelsPerRow() throws {
        let square = try #require(ImageFitting.fit(width: 384, height: 384, columns: 22, rows: 11, cell: (10, 20), mode: .blocks))
        #expect(square == FittedSize(pixelWidth: 22, pixelHeight: 22, columns: 22, rows: 11))
        let wide = try #require(ImageFitting.fit(width: 800, height: 400, columns: 22, rows: 11, cell: (10, 20), mode: .blocks))
        #expect(wide.columns == 22 && wide.rows == 6 && wide.pixelHeight == 12)
    }

    @Test func nothingFitsWhenGraphicsAreOffOrTheBoxIsEmpty() {
        #expect(ImageFitting.fit(width: 10, height: 10, columns: 5, rows: 5, cell: (10, 20), mode: .none) == nil)
        #expect(ImageFitting.fit(width: 10, height: 10, columns: 0, rows: 5, cell: (10, 20), mode: .sixel) == nil)
    }

    @Test func originCentresTheImageInItsBox() {
        let size = FittedSize(pixelWidth: 100, pixelHeight: 60, columns: 10, rows: 3)
        #expect(size.origin(in: CellRect(column: 2, row: 4, columns: 20, rows: 9)) == (7, 7))
    }
}
