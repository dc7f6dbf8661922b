@testable import CMIRTerminal
import Foundation
import Testing

/// OSC 52 as `y` sends it: alone in a terminal, and inside tmux also wrapped for passthrough.
@Suite struct ClipboardSequenceTests {
    @Test func insideTmuxTheSequenceIsAlsoSentWrappedWithEveryEscDoubled() {
        let text = "tma-1.svs 10,20,300,400"
        let osc52 = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        #expect(ClipboardSequence.osc52(text, insideTmux: false) == Array(osc52.utf8))
        let wrapped = "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}\u{1B}\\"
        #expect(ClipboardSequence.osc52(text, insideTmux: true) == Array((osc52 + wrapped).utf8))
    }
}
