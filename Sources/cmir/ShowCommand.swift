import ArgumentParser
import CMIRKit
import CMIRTerminal
import Foundation

/// `cmir show IMAGE [--width COLS]`: draws an image in the terminal, as sixel or half blocks.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Draw an image in the terminal (sixel where supported, else Unicode half blocks).",
        discussion: "CMIR_GRAPHICS=sixel|blocks|none overrides the detected graphics mode."
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
