@testable import CMIRTerminal
import CMIRTerminalHarness
import Testing

@Suite struct CanvasPainterTests {
    /// Paints through a virtual terminal and reads back what it shows.
    func shown(_ canvases: [Canvas]) -> VirtualTerminal {
        let screen = VirtualTerminal(columns: canvases[0].columns, rows: canvases[0].rows)
        var previous: Canvas?
        for canvas in canvases {
            screen.feed(Array(CanvasPainter.sequence(from: previous, to: canvas).utf8))
            previous = canvas
        }
        return screen
    }

    @Test func aFirstPaintClearsAndDrawsEveryRow() {
        var canvas = Canvas(columns: 12, rows: 3)
        canvas.put("title", column: 0, row: 0, style: CellStyle(.accent, bold: true, reverse: true))
        canvas.put("日本 text", column: 1, row: 1)
        let screen = shown([canvas])
        #expect(screen.line(0) == "title       " && screen.line(1).hasPrefix(" 日本 text"))
        #expect(screen.isReversed(column: 0, row: 0) && !screen.isReversed(column: 6, row: 0))
        let text = CanvasPainter.sequence(from: nil, to: canvas)
        #expect(text.hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
        #expect(text.contains("\u{1B}[0;1;7;36mtitle"))
    }

    @Test func laterPaintsSendOnlyTheChangedSpan() {
        var a = Canvas(columns: 20, rows: 3)
        a.put("left and right", column: 0, row: 1)
        var b = a
        b.put("AND", column: 5, row: 1)
        let text = CanvasPainter.sequence(from: a, to: b)
        #expect(text == "\u{1B}[2;6HAND")
        #expect(shown([a, b]).line(1).hasPrefix("left AND right"))
        #expect(CanvasPainter.sequence(from: b, to: b).isEmpty)
    }

    @Test func neverScrollsErasesLinesOrTouchesTheBottomRightCell() {
        var a = Canvas(columns: 10, rows: 2)
        var b = a
        b.put("0123456789", column: 0, row: 1)
        a.put("x", column: 0, row: 0)
        for text in [CanvasPainter.sequence(from: nil, to: b), CanvasPainter.sequence(from: a, to: b)] {
            #expect(!text.contains("9"), "the last cell of the last row stays unwritten")
            for forbidden in ["\u{1B}[K", "\u{1B}M", "\u{1B}D", "\u{1B}[L", "\u{1B}[M", "\u{1B}[@", "\u{1B}[P"] {
                #expect(!text.contains(forbidden), "\(forbidden.debugDescription)")
            }
            #expect(!text.contains(/\x1B\[\d*;\d*r/), "no scrolling region")
        }
    }

    @Test func wideCharactersArePaintedWhole() {
        var a = Canvas(columns: 10, rows: 1)
        a.put("ab日cd", column: 0, row: 0)
        var b = a
        b.put("本", column: 2, row: 0)
        let text = CanvasPainter.sequence(from: a, to: b)
        #expect(text == "\u{1B}[1;3H本")
    }
}
