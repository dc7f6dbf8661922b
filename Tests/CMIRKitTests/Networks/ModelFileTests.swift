@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite("CoMIR model files")
struct ModelFileTests {
    private func savedModel() throws -> (CoMIRModel, URL, URL) {
        let model = NetworkTestModels.tinyModel()
        // Non-trivial running statistics and preprocessing, so the round trip has something to lose.
        model.modalities[0].network.normalizations[1].runningMean = [0.25, -1.5, 3, 0.125]
        var prep = model.modalities[1].preprocessing
        prep.mean = [0.3]; prep.deviation = [0.7]
        model.setPreprocessing(prep, at: 1)
        model.training = TrainingRecord(settings: TrainingSettings(), trainingPairs: ["a", "b"], validationPairs: ["c"],
                                        folders: ["x", "y"], iterationsDone: 3, seconds: 1.5,
                                        history: [.init(iteration: 1, loss: 3.5, validationLoss: 3.6)])
        let folder = TestImages.temporaryDirectory()
        let url = folder.appendingPathComponent("m.cmirmodel")
        try ModelFile.save(model, to: url.path)
        return (model, url, folder)
    }

    @Test("Save and load round-trip every tensor, the preprocessing and the training record bit-exactly")
    func roundTrip() throws {
        let (model, url, folder) = try savedModel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try ModelFile.load(url.path)
        let before = NetworkTestModels.allValues(model), after = NetworkTestModels.allValues(loaded)
        #expect(before.count == after.count)
        for (a, b) in zip(before, after) { #expect(a.map(\.bitPattern) == b.map(\.bitPattern)) }
        #expect(loaded.modalityNames == ["rgb", "gray"])
        #expect(loaded.modalities.map(\.preprocessing) == model.modalities.map(\.preprocessing))
        #expect(loaded.modalities.map(\.network.architecture) == model.modalities.map(\.network.architecture))
        #expect(loaded.training == model.training)
        // Same bytes again, so the fingerprint that indexes record is stable.
        #expect(try ModelFile.encode(loaded) == Data(contentsOf: url))
    }

    @Test("Missing, empty, foreign, truncated, damaged and future-version files give one-line reasons")
    func badFiles() throws {
        let (_, url, folder) = try savedModel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Data(contentsOf: url)
        func reason(of data: Data?, _ name: String) -> String {
            let path = folder.appendingPathComponent(name).path
            if let data { _ = FileManager.default.createFile(atPath: path, contents: data) }
            do { _ = try ModelFile.load(path); return "loaded" } catch let error as CMIRError {
                guard case .input(let text) = error else { return "not an input error" }
                #expect(!text.contains("\n"))
                return text
            } catch { return "unexpected \(error)" }
        }
        #expect(reason(of: nil, "absent.cmirmodel").hasSuffix("no such model file"))
        #expect(reason(of: Data(), "empty.cmirmodel").hasSuffix("not a cmir model file"))
        #expect(reason(of: TestFiles.pngHeaderOnly(width: 4, height: 4), "image.cmirmodel").hasSuffix("not a cmir model file"))
        #expect(reason(of: bytes.prefix(bytes.count / 2), "half.cmirmodel").contains("truncated model file"))
        #expect(reason(of: bytes.prefix(12), "header.cmirmodel").contains("truncated model file"))
        var damaged = bytes
        damaged[bytes.count - 100] ^= 0x40
        #expect(reason(of: damaged, "damaged.cmirmodel").contains("checksum mismatch"))
        var future = bytes
        future[8] = 2
        #expect(reason(of: future, "future.cmirmodel").contains("version 2 is not supported"))
        #expect(reason(of: bytes + Data([0]), "long.cmirmodel").contains("trailing bytes"))
    }

    @Test("A representation's spec names the model by path and fingerprint, its network and its passes")
    func specs() throws {
        let (_, url, folder) = try savedModel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rgb = try CoMIRRepresentation(modelPath: url.path, modality: "rgb")
        let gray = try CoMIRRepresentation(modelPath: url.path, modality: "gray")
        #expect(rgb.comir.modelPath == url.standardizedFileURL.path && rgb.comir.modelFingerprint.count == 16)
        #expect(rgb.comir.modelFingerprint == gray.comir.modelFingerprint && rgb.spec.accepts(gray.spec))
        #expect(rgb.summary == "CoMIR m (rgb network)")
        let single = try CoMIRRepresentation(modelPath: url.path, modality: "rgb", averagesQuarterTurns: false)
        #expect(!rgb.spec.accepts(single.spec) && single.summary == "CoMIR m (rgb network, single pass)")
        // One load serves both networks and gives what loading each from the path gives.
        let loaded = try LoadedModel(path: url.path)
        #expect(try CoMIRRepresentation(loaded: loaded, modality: "gray").spec == gray.spec)
        #expect(try CoMIRRepresentation(loaded: loaded, modality: "rgb").summary == rgb.summary)
        #expect(throws: CMIRError.input("the model has no modality 'shg' (it has rgb, gray)")) {
            try CoMIRRepresentation(modelPath: url.path, modality: "shg")
        }
    }

    @Test("A model distilled for one pass is represented in one pass unless told otherwise")
    func distilledModelDefaultsToOnePass() throws {
        let (model, url, folder) = try savedModel()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(CoMIRRepresentation.averagesQuarterTurnsByDefault(model))
        model.training?.settings.quarterTurnDistillation = QuarterTurnDistillation(weight: 10, teacherFingerprint: "0123456789abcdef",
                                                                                   teacherName: "t.cmirmodel", fromIteration: 3)
        try ModelFile.save(model, to: url.path)
        #expect(try ModelFile.load(url.path).training?.settings.quarterTurnDistillation == model.training?.settings.quarterTurnDistillation)
        let single = try CoMIRRepresentation(modelPath: url.path, modality: "rgb")
        let averaged = try CoMIRRepresentation(modelPath: url.path, modality: "rgb", averagesQuarterTurns: true)
        #expect(!single.comir.averagesQuarterTurns && averaged.comir.averagesQuarterTurns && !single.inference.averagesQuarterTurns)
    }
}
