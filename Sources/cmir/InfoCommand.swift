import ArgumentParser
import CMIRKit
import CMIRTerminal
import Foundation

/// `cmir info FILE...`: what each image or slide holds, or why it cannot be read; `cmir info --terminal`:
/// how this terminal draws images and why.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print width, height, channels and bit depth of images; vendor, levels and microns per pixel of slides; networks and training of models.",
        discussion: "With --terminal: the graphics mode detected for this terminal, why, the cell size and the terminal's replies (for bug reports)."
    )

    @Argument(help: "Image files (PNG, JPEG, TIFF), slides (.svs, .ndpi, .mrxs, .scn, pyramidal TIFF, ...) or models (.cmirmodel).")
    var images: [String] = []

    @Flag(help: "Print what was detected about this terminal's graphics and why.")
    var terminal = false

    func validate() throws {
        if images.isEmpty && !terminal { throw ValidationError("give at least one image file, or --terminal") }
    }

    func run() throws {
        if terminal { TerminalOutput.say(Self.describe(TerminalCapabilities.detect())) }
        var failures: [CMIRError] = []
        for path in images {
            do {
                if Slide.isSlide(path) {
                    TerminalOutput.say(Self.describe(try Slide(path: path)))
                } else if (path as NSString).pathExtension.lowercased() == "cmirmodel" {
                    TerminalOutput.say(Self.describe(try LoadedModel(path: path), at: path))
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

    /// The detected graphics, the reason, the cell size, tmux and the terminal's own words.
    static func describe(_ capabilities: TerminalCapabilities) -> String {
        let environment = ProcessInfo.processInfo.environment
        let tmux = capabilities.tmux.map { pane in
            "pane at row \(pane.top), column \(pane.left); allow-passthrough \(pane.passthrough ? "on" : "off"); "
                + "outer terminal \(pane.clientTerm) \(pane.clientType) [\(pane.clientFeatures)]"
        } ?? (environment["TMUX"] == nil ? "no" : "yes, but tmux did not answer")
        return [
            "graphics: \(capabilities.graphics.rawValue) (\(capabilities.reason))",
            "cell: \(capabilities.cellWidth) x \(capabilities.cellHeight) px (\(capabilities.cellSizeSource))",
            "tmux: \(tmux)",
            "environment: " + ["TERM", "TERM_PROGRAM", "COLORTERM", "CMIR_GRAPHICS"].map { "\($0)=\(environment[$0] ?? "")" }.joined(separator: " "),
            "replies: \(capabilities.replies.isEmpty ? "(none)" : capabilities.replies)",
        ].joined(separator: "\n")
    }

    /// The model's first line (how it is used by default), one line per network and one for its training record.
    static func describe(_ loaded: LoadedModel, at path: String) -> String {
        let model = loaded.model
        let use = CoMIRRepresentation.averagesQuarterTurnsByDefault(model) ? "averaged over the four quarter turns" : "in one pass"
        var lines = ["\(path): CoMIR model, fingerprint \(loaded.fingerprint.prefix(12)), used \(use) by default"]
        for modality in model.modalities {
            let shape = modality.network.architecture
            let widths = (0..<shape.levels).map { String(shape.baseWidth << $0) }.joined(separator: "-")
            lines.append("  \(modality.name) network: U-Net of \(shape.levels) levels, widths \(widths), \(shape.inputChannels) input "
                         + "\(shape.inputChannels == 1 ? "channel" : "channels"), \(shape.parameterCount) parameters")
        }
        guard let training = model.training else { return (lines + ["  training: not recorded"]).joined(separator: "\n") }
        var trained = "  training: \(training.iterationsDone) iterations in \(Int(training.seconds.rounded())) s on \(training.trainingPairs.count) "
            + (training.trainingPairs.count == 1 ? "pair" : "pairs")
        if let loss = training.finalValidationLoss { trained += String(format: ", final validation loss %.3g", loss) }
        if let student = training.settings.networkDistillation {
            trained += "; the \(student.modality) network learnt from \(student.teacherName) (fingerprint \(student.teacherFingerprint.prefix(12)))"
        }
        if let tuned = training.settings.fineTuning {
            trained += "; the \(tuned.modality) network fine-tuned from \(tuned.originName) (fingerprint \(tuned.originFingerprint.prefix(12))), the other kept"
        }
        return (lines + [trained]).joined(separator: "\n")
    }

    /// The slide's first line (vendor, level-0 size, microns per pixel) and one line per level. The label and
    /// macro images are never mentioned: they can carry patient data.
    static func describe(_ slide: Slide) -> String {
        let mpp = slide.micronsPerPixel.map { String(format: "%.4g x %.4g µm per pixel", $0.x, $0.y) } ?? "µm per pixel unknown"
        var lines = ["\(slide.path): \(slide.vendor) slide, \(slide.width) x \(slide.height), \(slide.levels.count) \(slide.levels.count == 1 ? "level" : "levels"), \(mpp)"]
        for (index, level) in slide.levels.enumerated() {
            lines.append("  level \(index): \(level.width) x \(level.height), downsample \(String(format: "%.4g", level.downsample))")
        }
        if slide.skippedLevels > 0 {
            lines.append("  (\(slide.skippedLevels) coarser \(slide.skippedLevels == 1 ? "level" : "levels") smaller than one tile not read: OpenSlide 3.4 decodes them unreliably)")
        }
        return lines.joined(separator: "\n")
    }
}
