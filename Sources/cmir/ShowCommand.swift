import ArgumentParser
import CMIRKit
import CMIRTerminal
import Foundation

/// `cmir show IMAGE [--width COLS]`: draws an image in the terminal in its best graphics mode.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Draw an image in the terminal (kitty, iTerm2 or sixel images where supported, else Unicode symbols).",
        discussion: "CMIR_GRAPHICS=kitty|iterm|sixel|symbols|blocks|none overrides the detected graphics mode (`cmir info --terminal` shows what was detected and why)."
    )

    @Argument(help: "The image file.")
    var image: String

    @Option(help: "Width in terminal cells.")
    var width: Int = 40

    func validate() throws {
        if width < 1 || width > 1000 { throw ValidationError("--width must be between 1 and 1000 cells") }
    }

    func run() throws {
        let loaded = try ImageFile.load(image)
        try ImagePrinter(capabilities: .detect()).print(loaded.image, columns: width)
    }
}
