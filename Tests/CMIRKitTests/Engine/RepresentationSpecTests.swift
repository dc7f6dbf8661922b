@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// What an index records of its representation, and how the engine resolves it.
@Suite struct RepresentationSpecTests {
    static let spec = CoMIRSpec(modelPath: "/models/m.cmirmodel", modelFingerprint: "0123456789abcdef", modality: "bf",
                                averagesQuarterTurns: false)

    @Test func aSpecSurvivesItsStoredFormAndSaysWhatItIs() throws {
        for spec in [RepresentationSpec.raw, .comir(Self.spec)] {
            let decoded = try JSONDecoder().decode(RepresentationSpec.self, from: try JSONEncoder().encode(spec))
            #expect(decoded == spec)
        }
        #expect(RepresentationSpec.raw.summary == "raw grayscale" && RepresentationSpec.raw.defaultFeatures == .surf)
        #expect(RepresentationSpec.comir(Self.spec).summary == "CoMIR m (bf network, single pass)")
        #expect(RepresentationSpec.comir(Self.spec).defaultFeatures == .rootSIFTNative)
    }

    @Test func queriesOfEitherNetworkOfTheSameModelAndPassesAreAccepted() {
        var shg = Self.spec
        shg.modality = "shg"
        shg.modelPath = "/elsewhere/copy.cmirmodel"
        var averaged = Self.spec
        averaged.averagesQuarterTurns = true
        var other = Self.spec
        other.modelFingerprint = "fedcba9876543210"
        let index = RepresentationSpec.comir(Self.spec)
        #expect(index.accepts(.comir(shg)))
        #expect(!index.accepts(.comir(averaged)) && !index.accepts(.comir(other)) && !index.accepts(.raw))
        #expect(RepresentationSpec.raw.accepts(.raw) && !RepresentationSpec.raw.accepts(index))
    }

    @Test func theEngineRefusesAModalityForARawIndexAndAModelThatChangedOrIsGone() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = folder.appendingPathComponent("images")
        try TexturedImages.writeFolder(images, count: 3)
        let raw = folder.appendingPathComponent("raw.cmirindex").path
        _ = try Engine.buildIndex(directory: images.path, output: raw, settings: IndexSettings(features: "sift", vocabularySize: 16))
        #expect(throws: CMIRError.self) { try Engine(indexPath: raw, queryModality: "shg") }

        let model = folder.appendingPathComponent("m.cmirmodel").path
        let network = CoMIRModel(modalityNames: ["bf", "shg"], preprocessing: [ModalityPreprocessing(channels: 1), ModalityPreprocessing(channels: 1)],
                                 levels: 2, baseWidth: 2, seed: 1)
        try ModelFile.save(network, to: model)
        let comir = folder.appendingPathComponent("comir.cmirindex").path
        _ = try Engine.buildIndex(directory: images.path, output: comir, settings: IndexSettings(features: "sift", vocabularySize: 16),
                                  representation: try CoMIRRepresentation(modelPath: model, modality: "bf"))
        let sides = try Engine(indexPath: comir).representations()
        #expect(sides.query.spec.accepts(sides.repository.spec) && (sides.query as? CoMIRRepresentation)?.comir.modality == "shg")

        try ModelFile.save(CoMIRModel(modalityNames: ["bf", "shg"], preprocessing: network.modalities.map(\.preprocessing),
                                      levels: 2, baseWidth: 2, seed: 2), to: model)
        let changed = try Engine(indexPath: comir)
        #expect(throws: CMIRError.input("\(comir): \(model) changed since the index was built; index again")) {
            try changed.representations()
        }
        try FileManager.default.removeItem(atPath: model)
        #expect(throws: CMIRError.input("\(comir) was built with the model \(model), which cannot be read")) {
            try Engine(indexPath: comir)
        }
    }
}
