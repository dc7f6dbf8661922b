@testable import CMIRTerminal
import Testing

@Suite struct InputDecoderTests {
    func keys(_ text: String) -> [InputEvent] {
        var decoder = InputDecoder()
        return decoder.feed(Array(text.utf8))
    }

    @Test func textControlAndArrowKeys() {
        #expect(keys("aé\r\t\u{7F}") == [.key(.character("a")), .key(.character("é")), .key(.enter), .key(.tab), .key(.backspace)])
        #expect(keys("\u{1B}[A\u{1B}OB\u{1B}[C\u{1B}OD") == [.key(.up), .key(.down), .key(.right), .key(.left)])
        #expect(keys("\u{1B}[1;2A\u{1B}[1;2D") == [.key(.shiftUp), .key(.shiftLeft)])
        #expect(keys("\u{1B}[5~\u{1B}[6~\u{1B}[H\u{1B}[4~\u{1B}[3~") == [.key(.pageUp), .key(.pageDown), .key(.home), .key(.end), .key(.delete)])
        #expect(keys("\u{04}") == [.key(.control("d"))])
    }

    @Test func sgrMouseReports() {
        #expect(keys("\u{1B}[<0;11;6M\u{1B}[<32;12;7M\u{1B}[<0;13;8m") == [
            .mouse(MouseEvent(.press, column: 10, row: 5)), .mouse(MouseEvent(.drag, column: 11, row: 6)),
            .mouse(MouseEvent(.release, column: 12, row: 7)),
        ])
        #expect(keys("\u{1B}[<2;1;1M\u{1B}[<2;1;1m").isEmpty, "the right button is not used")
    }

    @Test func wheelReportsAreTurnsUpAndDownWithModifiersIgnored() {
        #expect(keys("\u{1B}[<64;20;10M\u{1B}[<65;21;11M\u{1B}[<80;3;4M\u{1B}[<69;5;6M") == [
            .wheel(MouseWheel(up: true, column: 19, row: 9)), .wheel(MouseWheel(up: false, column: 20, row: 10)),
            .wheel(MouseWheel(up: true, column: 2, row: 3)), .wheel(MouseWheel(up: false, column: 4, row: 5)),
        ])
        #expect(keys("\u{1B}[<66;1;1M\u{1B}[<67;1;1M\u{1B}[<64;1;1m").isEmpty, "sideways turns and releases mean nothing")
    }

    @Test func sequencesSplitAcrossReadsAreJoined() {
        var decoder = InputDecoder()
        #expect(decoder.feed(Array("\u{1B}[<0;1".utf8)).isEmpty)
        #expect(decoder.isWaitingForEscape)
        #expect(decoder.feed(Array("0;5M".utf8)) == [.mouse(MouseEvent(.press, column: 9, row: 4))])
        #expect(decoder.feed([0xC3]).isEmpty, "half a UTF-8 character waits")
        #expect(decoder.feed([0xA9]) == [.key(.character("é"))])
    }

    @Test func aLoneEscapeIsAKeyAfterThePause() {
        var decoder = InputDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.isWaitingForEscape)
        #expect(decoder.flushEscape() == [.key(.escape)])
        #expect(!decoder.isWaitingForEscape)
        #expect(keys("\u{1B}q") == [.key(.escape), .key(.character("q"))], "Esc then a key typed fast")
    }

    @Test func focusReportsAreDecoded() {
        #expect(keys("\u{1B}[O\u{1B}[I") == [.focus(false), .focus(true)])
        #expect(!keys("\u{1B}[1;2I").contains(.focus(true)), "only the bare report is focus")
    }
}
