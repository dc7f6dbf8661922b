import Testing
@testable import CMIRKit

/// Representation maps: blocks on the file's grid, bytes that keep 0 for "not represented", cells cut from boxes.
@Suite struct RepresentationMapTests {
    @Test func poolingKeepsTheGridsWholeBlocksInsideTheRectangle() {
        // A representation whose pixel (0, 0) lies at (3, 5) of the file, its value the file's column / 20.
        let image = Image(width: 10, height: 10, channels: 1, pixels: (0..<100).map { Float(3 + $0 % 10) / 20 })
        let map = RepresentationMap.pooling(image, origin: (3, 5), covering: PixelRect(x: 3, y: 5, width: 10, height: 10))!
        // Columns 4..<12 and rows 8..<12 of the file: blocks (1, 2) and (2, 2).
        #expect((map.x, map.y, map.width, map.height) == (1, 2, 2, 1))
        #expect(map.bytes == [RepresentationMap.byte(5.5 / 20), RepresentationMap.byte(9.5 / 20)])
        #expect(RepresentationMap.pooling(image, origin: (3, 5), covering: PixelRect(x: 3, y: 5, width: 4, height: 10)) == nil)
    }

    @Test func bytesClampTheStretchedRangeAndKeepZeroForUnrepresented() {
        #expect(RepresentationMap.byte(-0.3) == 1)
        #expect(RepresentationMap.byte(0) == 1)
        #expect(RepresentationMap.byte(0.5) == 128)
        #expect(RepresentationMap.byte(1.7) == 255)
    }

    @Test func aCellTakesTheEarlierBoxWhereBoxesOverlapAndZeroWhereNoneReaches() {
        let first = RepresentationMap(x: 0, y: 0, width: 2, height: 2, bytes: [10, 10, 10, 10])
        let second = RepresentationMap(x: 1, y: 1, width: 2, height: 2, bytes: [20, 20, 20, 20])
        let cell = RepresentationMap.cut([first, second], covering: PixelRect(x: 0, y: 0, width: 16, height: 12))!
        #expect((cell.x, cell.y, cell.width, cell.height) == (0, 0, 4, 3))
        #expect(cell.bytes == [10, 10, 0, 0,
                               10, 10, 20, 0,
                               0, 20, 20, 0])
        #expect(RepresentationMap.cut([first], covering: PixelRect(x: 64, y: 64, width: 8, height: 8)) == nil)
    }
}
