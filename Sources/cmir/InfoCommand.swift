import ArgumentParser
import CMIRKit
import Foundation

/// `cmir info FILE...`: what each image or slide holds, or why it cannot be read.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print width, height, channels and bit depth of images; vendor, levels and microns per pixel of slides."
    )

    @Argument(help: "Image files (PNG, JPEG, TIFF) or slides (.svs, .ndpi, .mrxs, .scn, pyramidal TIFF, ...).")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image file") }
    }

    func run() throws {
        var failures: [CMIRError] = []
        for path in images {
            do {
                if Slide.isSlide(path) {
                    TerminalOutput.say(Self.describe(try Slide(path: path)))
                } else {
                    let header = try ImageFile.header(atPath: path)
                    let warning = header.damage.map { "; warning: \($0)" } ?? ""
                    TerminalOutput.say("\(path): \(header.width) x \(header.height), \(header.channels) \(header.channels == 1 ? "channel" : "channels"), \(header.bitsPerSample) bit\(warning)")
                }
            } catch let error as CMIRError {
                ExitStatus.printError(error.description)
                failures.append(error)
            }
        }
        if let first = failures.first {
            throw ExitCode(first == .failure(first.description) ? 1 : 2)
        }
    }

    /// The slide's first line (vendor, level-0 size, microns per pixel) and one line per level. The label and
    /// macro images are never mentioned: they can carry patient data.
    static func describe(_ slide: Slide) -> String {
        let mpp = slide.micronsPerPixel.map { String(format: "%.4g x %.4g µm per pixel", $0.x, $0.y) } ?? "µm per pixel unknown"
        var lines = ["\(slide.path): \(slide.vendor) slide, \(slide.width) x \(slide.height), \(slide.levels.count) \(slide.levels.count == 1 ? "level" : "levels"), \(mpp)"]
        for (index, level) in slide.levels.enumerated() {
            lines.append("  level \(index): \(level.width) x \(level.height), downsample \(String(format: "%.4g", level.downsample))")
        }
        return lines.joined(separator: "\n")
    }
}
