import ArgumentParser
import CMIRKit

/// `cmir info IMAGE...`: what each file holds, or why it cannot be read.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print width, height, channels and bit depth of image files."
    )

    @Argument(help: "Image files (PNG, JPEG, TIFF).")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image file") }
    }

    func run() throws {
        var failures: [CMIRError] = []
        for path in images {
            do {
                let loaded = try ImageFile.load(path)
                let image = loaded.image
                print("\(path): \(image.width) x \(image.height), \(image.channels) \(image.channels == 1 ? "channel" : "channels"), \(loaded.bitsPerSample) bit")
            } catch let error as CMIRError {
                ExitStatus.printError(error.description)
                failures.append(error)
            }
        }
        if let first = failures.first {
            throw ExitCode(first == .failure(first.description) ? 1 : 2)
        }
    }
}
