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

    /// The file with its JSON header edited and its checksum made valid again, as a crafted file would be.
    private func crafted(_ bytes: Data, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        let length = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        var header = try #require(try JSONSerialization.jsonObject(with: bytes[16..<(16 + length)]) as? [String: Any])
        edit(&header)
        let json = try JSONSerialization.data(withJSONObject: header)
        var data = bytes.prefix(12)
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        data.append(bytes[(16 + length)..<(bytes.count - 8)])
        withUnsafeBytes(of: ModelFile.fnv1a(data).littleEndian) { data.append(contentsOf: $0) }
        return data
    }

    private func decodingReason(_ data: Data) -> String {
        do { _ = try ModelFile.decode(data, name: "crafted.cmirmodel"); return "loaded" } catch let error as CMIRError {
            guard case .input(let text) = error else { return "not an input error" }
            return text
        } catch { return "unexpected \(error)" }
    }

    @Test("Crafted headers with valid checksums are refused before anything is allocated from them")
    func craftedHeaders() throws {
        let (_, url, folder) = try savedModel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Data(contentsOf: url)
        // An optimizer entry without tensors: the values ran out and memcpy read past the end (SIGSEGV).
        let optimizer = try crafted(bytes) { $0["optimizer"] = ["step": 0, "tensors": [Any]()] }
        #expect(decodingReason(optimizer) == "crafted.cmirmodel: damaged model file (optimizer state)")
        // A huge architecture: the network (gigabytes) was allocated before its tensors were compared.
        let huge = try crafted(bytes) { header in
            var modalities = header["modalities"] as! [[String: Any]]
            var architecture = modalities[0]["architecture"] as! [String: Any]
            architecture["levels"] = 8
            architecture["baseWidth"] = 256
            modalities[0]["architecture"] = architecture
            header["modalities"] = modalities
        }
        #expect(decodingReason(huge).contains("tensors do not match the architecture of 'rgb'"))
        // A count that overflows when summed or multiplied by four.
        let overflow = try crafted(bytes) { header in
            var modalities = header["modalities"] as! [[String: Any]]
            var tensors = modalities[1]["tensors"] as! [[String: Any]]
            tensors[0]["count"] = 1 << 62
            modalities[1]["tensors"] = tensors
            header["modalities"] = modalities
        }
        #expect(decodingReason(overflow).contains("tensors do not match the architecture of 'gray'"))
        // Preprocessing whose use would trap or divide by zero.
        for (key, value) in [("logGain", -5.0 as Any), ("stretchQuantiles", [0.9, 0.1] as Any), ("deviation", [-1.0] as Any)] {
            let bad = try crafted(bytes) { header in
                var modalities = header["modalities"] as! [[String: Any]]
                var preprocessing = modalities[1]["preprocessing"] as! [String: Any]
                preprocessing[key] = value
                modalities[1]["preprocessing"] = preprocessing
                header["modalities"] = modalities
            }
            #expect(decodingReason(bad).contains("impossible preprocessing for 'gray'"), "\(key)")
        }
        let settings = try crafted(bytes) { header in
            var training = header["training"] as! [String: Any]
            var trainingSettings = training["settings"] as! [String: Any]
            trainingSettings["levels"] = 70
            training["settings"] = trainingSettings
            header["training"] = training
        }
        #expect(decodingReason(settings).contains("impossible training settings"))
    }

    @Test("The parameter count computed from the shape alone is the network's")
    func parameterCountFromShape() {
        for (levels, width, input) in [(1, 1, 1), (3, 4, 3), (4, 16, 1), (5, 8, 3)] {
            let architecture = UNetArchitecture(inputChannels: input, outputChannels: 2, levels: levels, baseWidth: width)
            var random = SeededRandom(seed: 1)
            let network = UNet<Float>(architecture: architecture, name: "n", random: &random)
            #expect(architecture.parameterCount == network.parameters.reduce(0) { $0 + $1.value.count })
            #expect(architecture.storedValueCount == ModelFile.tensors(of: network).reduce(0) { $0 + $1.values.count })
        }
    }

    @Test("Fuzzing the decoder with 400 mutated model files gives clean one-line errors, and accepted files work")
    func fuzzedModelFiles() throws {
        let (_, url, folder) = try savedModel()
        defer { try? FileManager.default.removeItem(at: folder) }
        var mutator = try ModelFileMutator(validFile: try Data(contentsOf: url), seed: 7)
        var refused = 0, accepted = 0
        let image = TexturedImages.make(seed: 3, width: 16, height: 16, channels: 3)
        for _ in 0..<400 {
            do {
                let model = try ModelFile.decode(mutator.next(), name: "fuzzed.cmirmodel").model
                // What is accepted must also run: preprocessing and both networks on a small image.
                for name in model.modalityNames { _ = try? CoMIRInference(model: model).represent(image, modality: name) }
                accepted += 1
            } catch let error as CMIRError {
                guard case .input(let text) = error else { Issue.record("not an input error: \(error)"); continue }
                #expect(text.hasPrefix("fuzzed.cmirmodel: ") && !text.contains("\n"))
                refused += 1
            }
        }
        #expect(refused + accepted == 400 && refused > 200 && accepted > 0)
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
