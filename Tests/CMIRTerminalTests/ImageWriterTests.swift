@testable import CMIRTerminal
import Foundation
import Testing

@Suite struct ImageWriterTests {
    static let box = CellRect(column: 4, row: 2, columns: 20, rows: 10)

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func kittyImage(id: UInt32, pngBytes: Int) -> RenderedImage {
        RenderedImage(payload: .kitty(png: (0..<pngBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) }, id: id),
                      size: FittedSize(pixelWidth: 190, pixelHeight: 190, columns: 19, rows: 10))
    }

    @Test func sequencesSaveAndRestoreTheCursorAndEraseWithECH() {
        let writer = ImageWriter(mode: .blocks, tmux: nil)
        let erase = Self.text(writer.erase([CellRect(column: 3, row: 1, columns: 4, rows: 2)]))
        #expect(erase == "\u{1B}7\u{1B}[0m\u{1B}[2;4H\u{1B}[4X\u{1B}[3;4H\u{1B}[4X\u{1B}8")
        #expect(writer.erase([]).isEmpty)
        let image = RenderedImage(payload: .blocks(["AB", "CD"]), size: FittedSize(pixelWidth: 2, pixelHeight: 4, columns: 2, rows: 2))
        let draw = Self.text(writer.draw([(column: 5, row: 7, box: Self.box, image: image)]))
        #expect(draw == "\u{1B}7\u{1B}[8;6HAB\u{1B}[9;6HCD\u{1B}[0m\u{1B}8")
    }

    @Test func kittyTransmitsInChunksOfAtMost4096Base64BytesThatJoinToThePNG() throws {
        let png = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let chunks = KittyGraphics.transmit(png: png, id: 42).map(Self.text)
        #expect(chunks.count == 4, "13,336 base64 bytes")
        var joined = ""
        for (i, chunk) in chunks.enumerated() {
            let parts = try #require(chunk.dropFirst(3).dropLast(2).split(separator: ";", maxSplits: 1).map(String.init) as [String]?)
            #expect(chunk.hasPrefix("\u{1B}_G") && chunk.hasSuffix("\u{1B}\\"))
            #expect(parts[1].utf8.count <= KittyGraphics.chunkSize)
            #expect(parts[0].contains("m=\(i == chunks.count - 1 ? 0 : 1)"))
            #expect(parts[0].contains("i=42") == (i == 0), "only the first chunk names the image and its format")
            joined += parts[1]
        }
        #expect(Data(base64Encoded: joined).map(Array.init) == png)
    }

    @Test func kittySendsAnImageOnceThenOnlyPlacesAndRemovesIt() {
        let writer = ImageWriter(mode: .kitty, tmux: nil)
        let image = Self.kittyImage(id: 7, pngBytes: 5000)
        let first = Self.text(writer.draw([(column: 5, row: 2, box: Self.box, image: image)]))
        #expect(first.contains("a=t,f=100,t=d,i=7"))
        #expect(first.contains("\u{1B}[3;6H\u{1B}_Ga=p,i=7,p="), "placed at its cell")
        let again = Self.text(writer.draw([(column: 5, row: 2, box: Self.box, image: image)]))
        #expect(!again.contains("a=t"), "a redraw does not resend the picture")
        #expect(again.contains("a=p,i=7"))
        #expect(again.utf8.count < 100)
        let erased = Self.text(writer.erase([Self.box]))
        #expect(erased.contains("a=d,d=i,i=7,p="), "the placement goes, the stored image stays")
        let shownElsewhere = Self.text(writer.draw([(column: 40, row: 2, box: CellRect(column: 40, row: 2, columns: 20, rows: 10), image: image)]))
        #expect(!shownElsewhere.contains("a=t"))
        #expect(Self.text(writer.clearScreen()).contains("a=d,d=a"))
        #expect(Self.text(writer.leave()) == "\u{1B}_Ga=d,d=I,i=7,q=2\u{1B}\\")
    }

    @Test func kittyFreesTheLeastRecentlyPlacedImagesBeyondItsBudget() {
        // 190 x 190 x 4 bytes decoded per image: a budget of two.
        let writer = ImageWriter(mode: .kitty, tmux: nil, storageBudget: 2 * 190 * 190 * 4)
        for id in UInt32(1)...3 {
            _ = writer.erase([Self.box])
            let drawn = Self.text(writer.draw([(column: 4, row: 2, box: Self.box, image: Self.kittyImage(id: id, pngBytes: 100))]))
            #expect(drawn.contains("d=I,i=1") == (id == 3), "the third image frees the first")
        }
    }

    static let pane = TmuxPane(passthrough: true, top: 5, left: 30, clientTerm: "xterm", clientType: "XTerm(379)", clientFeatures: "sixel")

    /// Undoes tmux's wrapping: strips `ESC P tmux ;` and `ESC \`, halves the doubled escapes.
    static func unwrap(_ text: String) -> String? {
        guard text.hasPrefix("\u{1B}Ptmux;"), text.hasSuffix("\u{1B}\\") else { return nil }
        return String(text.dropFirst(7).dropLast(2)).replacingOccurrences(of: "\u{1B}\u{1B}", with: "\u{1B}")
    }

    @Test func insideTmuxImagesAreWrappedWithEscapesDoubledAndPlacedInTheOuterTerminal() throws {
        let writer = ImageWriter(mode: .sixel, tmux: Self.pane)
        let sixel = Array("\u{1B}Pq\"1;1;2;6#0;2;0;0;0#0~~\u{1B}\\".utf8)
        let image = RenderedImage(payload: .sixel(sixel), size: FittedSize(pixelWidth: 2, pixelHeight: 6, columns: 1, rows: 1))
        let drawn = Self.text(writer.draw([(column: 3, row: 1, box: Self.box, image: image)]))
        #expect(drawn.hasPrefix("\u{1B}7") && drawn.hasSuffix("\u{1B}[0m\u{1B}8"))
        let inner = try #require(Self.unwrap(String(drawn.dropFirst(2).dropLast(6))))
        #expect(inner == "\u{1B}7\u{1B}[7;34H" + Self.text(sixel) + "\u{1B}8", "row 1 + pane top 5, column 3 + pane left 30")
    }

    @Test func withoutPassthroughTmuxIsIgnored() {
        var closed = Self.pane
        closed.passthrough = false
        let writer = ImageWriter(mode: .sixel, tmux: closed)
        let image = RenderedImage(payload: .sixel([0x41]), size: FittedSize(pixelWidth: 1, pixelHeight: 6, columns: 1, rows: 1))
        #expect(!Self.text(writer.draw([(column: 0, row: 0, box: Self.box, image: image)])).contains("tmux;"))
    }

    @Test func iTermImagesCarryThePNGSizedInCells() throws {
        let png = Array("not really a png, but bytes".utf8)
        let sequence = Self.text(ITermImages.sequence(png: png, columns: 19, rows: 10))
        #expect(sequence.hasPrefix("\u{1B}]1337;File=inline=1;size=\(png.count);width=19;height=10;preserveAspectRatio=1"))
        #expect(sequence.hasSuffix("\u{07}"))
        let base64 = try #require(sequence.split(separator: ":").last).dropLast()
        #expect(Data(base64Encoded: String(base64)).map(Array.init) == png)
    }
}
