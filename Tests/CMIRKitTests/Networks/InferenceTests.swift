@testable import CMIRKit
import CMIRTestSupport
import Testing

@Suite("CoMIR inference on any image size")
struct InferenceTests {
    private func largestDifference(_ a: Image, _ b: Image) -> Float {
        zip(a.pixels, b.pixels).map { abs($0 - $1) }.max() ?? 0
    }

    @Test("Tiled inference equals whole-image inference (sizes off the stride grid, both modalities)")
    func tiledEqualsWhole() throws {
        let model = NetworkTestModels.tinyModel()
        let image = TestImages.pattern(width: 203, height: 150, channels: 3)
        let margin = CoMIRInference.margin(for: model.modalities[0].network.architecture)
        let whole = CoMIRInference(model: model, tileSize: 4096)
        let tiled = CoMIRInference(model: model, tileSize: 2 * margin + 8) // cores of 8 px: many tiles
        for name in ["rgb", "gray"] {
            let a = try whole.represent(image, modality: name), b = try tiled.represent(image, modality: name)
            #expect(a.width == 203 && a.height == 150 && a.channels == 1)
            let scale = a.pixels.map(abs).max()!
            #expect(scale > 0)
            #expect(largestDifference(a, b) <= 1e-5 * scale)
        }
    }

    @Test("Mirrored edges represent the image mirrored outward by the receptive margin; only its border changes")
    func mirroredEdges() throws {
        let model = NetworkTestModels.tinyModel()
        let architecture = model.modalities[0].network.architecture
        let margin = CoMIRInference.margin(for: architecture), stride = architecture.stride
        // On the stride grid, so that neither input is padded further.
        let width = 2 * margin + 3 * stride, height = 2 * margin + 2 * stride
        let image = TestImages.pattern(width: width, height: height, channels: 3)
        var outward = Image(width: width + 2 * margin, height: height + 2 * margin, channels: 3)
        for c in 0..<3 {
            for y in 0..<outward.height {
                for x in 0..<outward.width {
                    let sx = Image.mirroredIndex(x - margin, width), sy = Image.mirroredIndex(y - margin, height)
                    outward.pixels[(c * outward.height + y) * outward.width + x] = image.pixels[(c * height + sy) * width + sx]
                }
            }
        }
        let inference = CoMIRInference(model: model)
        let mirrored = try inference.represent(image, modality: "rgb", edges: .mirrored)
        let expected = try inference.represent(outward, modality: "rgb")
            .cropped(to: PixelRect(x: margin, y: margin, width: width, height: height))!
        let closed = try inference.represent(image, modality: "rgb")
        let scale = closed.pixels.map(abs).max()!
        #expect(mirrored.width == width && mirrored.height == height)
        #expect(largestDifference(mirrored, expected) <= 1e-5 * scale)
        // Beyond the receptive margin from every edge the edges are out of sight; within it they are not.
        let interior = PixelRect(x: margin, y: margin, width: width - 2 * margin, height: height - 2 * margin)
        #expect(largestDifference(mirrored.cropped(to: interior)!, closed.cropped(to: interior)!) <= 1e-5 * scale)
        #expect(largestDifference(mirrored, closed) > 1e-2 * scale)
    }

    @Test("Whole-image inference of a tensor batch equals per-image inference")
    func batchIndependence() {
        let model = NetworkTestModels.tinyModel()
        let net = model.modalities[1].network
        var random = SeededRandom(seed: 9)
        let data = (0..<(2 * 16 * 16)).map { _ in Float.random(in: -1...1, using: &random) }
        let both = net.infer(Tensor(count: 2, channels: 1, height: 16, width: 16, data: data))
        let second = net.infer(Tensor(count: 1, channels: 1, height: 16, width: 16, data: Array(data[256...])))
        #expect(zip(both.data[256...], second.data).allSatisfy { abs($0 - $1) <= 1e-5 })
    }

    @Test("Averaging the four quarter turns makes the representation exactly equivariant")
    func quarterTurnAverage() throws {
        let model = NetworkTestModels.tinyModel()
        let image = TestImages.pattern(width: 48, height: 48, channels: 3)
        let plain = CoMIRInference(model: model)
        let averaged = CoMIRInference(model: model, averagesQuarterTurns: true)
        let turnedThenRepresented = try averaged.represent(image.rotatedQuarterTurns(1), modality: "rgb")
        let representedThenTurned = try averaged.represent(image, modality: "rgb").rotatedQuarterTurns(1)
        let scale = representedThenTurned.pixels.map(abs).max()!
        #expect(largestDifference(turnedThenRepresented, representedThenTurned) <= 1e-5 * scale)
        // An untrained network alone is not equivariant, so the test above is not vacuous.
        let plainTurned = try plain.represent(image.rotatedQuarterTurns(1), modality: "rgb")
        let plainBack = try plain.represent(image, modality: "rgb").rotatedQuarterTurns(1)
        #expect(largestDifference(plainTurned, plainBack) > 1e-3 * scale)
    }

    @Test("Gray and RGBA inputs are converted to the channels a network expects")
    func channelConversion() throws {
        let model = NetworkTestModels.tinyModel()
        let inference = CoMIRInference(model: model)
        let gray = TestImages.pattern(width: 32, height: 24, channels: 1)
        let rgba = TestImages.pattern(width: 32, height: 24, channels: 4)
        #expect(try inference.represent(gray, modality: "rgb").width == 32)
        let fromRGBA = try inference.represent(rgba, modality: "gray")
        let fromRGB = try inference.represent(rgba.droppingAlpha(), modality: "gray")
        #expect(fromRGBA == fromRGB)
    }
}

@Suite("CoMIR representation for retrieval")
struct CoMIRRepresentationTests {
    @Test("The representation is the network output stretched to [0, 1] by its 1st and 99th percentiles")
    func stretched() throws {
        let model = NetworkTestModels.tinyModel()
        let representation = try CoMIRRepresentation(model: model, modality: "gray", name: "tiny")
        let image = TestImages.pattern(width: 40, height: 30, channels: 1)
        let result = try representation.represent(image)
        let raw = try CoMIRInference(model: model, averagesQuarterTurns: true).represent(image, modality: "gray")
        let exact = raw.percentileStretched(low: 0.01, high: 0.99)
        #expect(zip(result.pixels, exact.pixels).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(result.pixels.min() == 0 && result.pixels.max() == 1)
        #expect(representation.summary == "CoMIR tiny (gray network)")
    }

    @Test("Sampled percentiles of a large image stay close to the exact ones")
    func sampledPercentiles() {
        var random = SeededRandom(seed: 2)
        let image = Image(width: 1500, height: 1000, channels: 1,
                          pixels: (0..<1_500_000).map { _ in Float.random(in: 0...10, using: &random) })
        let sampled = image.sampledPercentileStretched(low: 0.01, high: 0.99)
        let exact = image.percentileStretched(low: 0.01, high: 0.99)
        #expect(zip(sampled.pixels, exact.pixels).allSatisfy { abs($0 - $1) < 0.01 })
    }

    @Test("A network with NaN weights is refused with a reason, not drawn black")
    func nanWeightsAreRefused() throws {
        let model = CoMIRModel(modalityNames: ["gray", "rgb"], preprocessing: [ModalityPreprocessing(channels: 1), ModalityPreprocessing(channels: 3)],
                               levels: 2, baseWidth: 2, seed: 1)
        let representation = try CoMIRRepresentation(model: model, modality: "gray", name: "tiny")
        let image = Image(width: 24, height: 24, channels: 1, filledWith: 0.5)
        _ = try representation.represent(image)
        let weights = try model.modality(named: "gray").network.parameters[0]
        weights.value = weights.value.map { _ in .nan }
        #expect(throws: CMIRError.input("the model's gray network gives values that are not numbers (NaN or infinite); the model is damaged")) {
            try representation.represent(image)
        }
    }
}
