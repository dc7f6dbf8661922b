@testable import CMIRTerminal
import Testing

@Suite struct CanvasTests {
    @Test func putClipsToTheCanvasAndTheGivenWidth() {
        var canvas = Canvas(columns: 10, rows: 2)
        #expect(canvas.put("hello world", column: 3, row: 0) == 7)
        #expect(canvas.text(ofRow: 0) == "   hello w")
        #expect(canvas.put("abcdef", column: 0, row: 1, maxWidth: 3) == 3)
        #expect(canvas.text(ofRow: 1) == "abc       ")
        #expect(canvas.put("x", column: 0, row: 5) == 0, "rows outside are ignored")
    }

    @Test func wideCharactersTakeTwoCellsAndControlsBecomeQuestionMarks() {
        var canvas = Canvas(columns: 8, rows: 1)
        canvas.put("日本\u{1B}[2J", column: 0, row: 0)
        #expect(canvas[0, 0].character == "日" && canvas[1, 0].isContinuation)
        #expect(canvas[4, 0].character == "?", "an escape in a file name cannot reach the terminal")
        #expect(canvas.text(ofRow: 0) == "日本?[2J")
        #expect(Canvas.width(of: "e\u{301}") == 1, "combining marks take no cell")
    }

    @Test func truncationEndsInAnEllipsis() {
        #expect(Canvas.truncated("sa stroma pancreas", toWidth: 10) == "sa stroma…")
        #expect(Canvas.truncated("short", toWidth: 10) == "short")
        #expect(Canvas.truncated("日本語", toWidth: 4) == "日…")
    }

    @Test func changedRowsFindsEveryDifferingRow() {
        var a = Canvas(columns: 5, rows: 3)
        a.put("abc", column: 0, row: 0)
        var b = a
        #expect(b.changedRows(since: a).isEmpty)
        b.put("x", column: 4, row: 2)
        b.fill(CellRect(column: 0, row: 1, columns: 1, rows: 1), style: CellStyle(.accent, reverse: true))
        #expect(b.changedRows(since: a) == [1, 2], "a style change counts")
        #expect(b.changedRows(since: nil) == [0, 1, 2])
        #expect(Canvas(columns: 6, rows: 3).changedRows(since: a) == [0, 1, 2], "a resize changes everything")
    }

    @Test func framesDrawBoxCharacters() {
        var canvas = Canvas(columns: 4, rows: 3)
        canvas.frame(CellRect(column: 0, row: 0, columns: 4, rows: 3))
        #expect(canvas.text(ofRow: 0) == "┌──┐")
        #expect(canvas.text(ofRow: 1) == "│  │")
        #expect(canvas.text(ofRow: 2) == "└──┘")
    }
}
