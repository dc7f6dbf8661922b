import ArgumentParser
import CMIRKit
import Foundation

/// `cmir represent`: an image's CoMIR representation, for viewing (8-bit PNG, stretched) or for further
/// processing (32-bit float TIFF, values as the network produced them).
struct RepresentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "represent",
        abstract: "Write the CoMIR representation of an image.",
        discussion: "FILE ending in .tif/.tiff gets the network's float values as they are; any other image type an 8-bit picture stretched between the 1st and 99th percentiles (what retrieval works on)."
    )

    @Argument(help: "The model file (.cmirmodel).") var model: String
    @Option(help: "The modality of IMAGE (a network name in the model).") var modality: String
    @Argument(help: "The image to represent.") var image: String
    @Option(help: "The output file.") var out: String
    @Flag(inversion: .prefixedNo,
          help: "Average the network over the four quarter turns of the image (exactly rotation-equivariant, four times the work; default: yes, except for a model distilled with --distil-from).")
    var averageTurns: Bool?

    func run() throws {
        let representation = try CoMIRRepresentation(modelPath: model, modality: modality, averagesQuarterTurns: averageTurns)
        let input = try ImageFile.load(image).image
        var result = try representation.inference.represent(input, modality: modality)
        if result.channels > 1 { result = result.plane(0) }
        let lower = out.lowercased()
        if lower.hasSuffix(".tif") || lower.hasSuffix(".tiff") {
            try ImageFile.save(result, to: out, format: .float32)
        } else {
            try ImageFile.save(result.sampledPercentileStretched(low: 0.01, high: 0.99), to: out)
        }
    }
}
