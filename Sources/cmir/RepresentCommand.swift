import ArgumentParser
import CMIRKit
import Foundation

/// `cmir represent`: an image's CoMIR representation, for viewing (8-bit PNG, stretched) or for further
/// processing (32-bit float TIFF, values as the network produced them).
struct RepresentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "represent",
        abstract: "Write the CoMIR representation of an image.",
        discussion: "FILE ending in .tif/.tiff gets the raw float values; any other image type an 8-bit picture stretched between the 1st and 99th percentiles."
    )

    @Argument(help: "The model file (.cmirmodel).") var model: String
    @Option(help: "The modality of IMAGE (a network name in the model).") var modality: String
    @Argument(help: "The image to represent.") var image: String
    @Option(help: "The output file.") var out: String
    @Flag(help: "Average over the four quarter turns (exactly rotation-equivariant, four times slower).")
    var averageTurns = false

    func run() throws {
        let representation = try CoMIRRepresentation(modelPath: model, modality: modality, averagesQuarterTurns: averageTurns)
        let input = try ImageFile.load(image).image
        var result = try representation.represent(input)
        if result.channels > 1 { result = result.plane(0) }
        let lower = out.lowercased()
        if lower.hasSuffix(".tif") || lower.hasSuffix(".tiff") {
            try ImageFile.save(result, to: out, format: .float32)
        } else {
            try ImageFile.save(Self.stretchedForViewing(result), to: out)
        }
    }

    /// Maps the 1st and 99th percentiles to black and white. The percentiles come from at most about a million
    /// evenly spaced samples, so a huge representation is not sorted (nor copied) whole.
    static func stretchedForViewing(_ image: Image) -> Image {
        let step = max(1, image.pixels.count / 1_000_000)
        let samples = Swift.stride(from: 0, to: image.pixels.count, by: step).map { image.pixels[$0] }.sorted()
        let low = samples[Int(Double(samples.count - 1) * 0.01)], high = samples[Int(Double(samples.count - 1) * 0.99)]
        var out = image
        let scale = high > low ? 1 / (high - low) : 0
        out.pixels.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = min(max((p[i] - low) * scale, 0), 1) }
        }
        return out
    }
}
