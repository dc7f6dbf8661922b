import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

/// End-to-end: `cmir train` and `cmir represent` as a user runs them, exit statuses included.
@Suite struct CoMIRCommandTests {
    private let tinyTraining = PairedFolders.tinyTraining + ["--iterations", "3"]

    @Test func trainThenRepresentWritesModelCurvePNGAndFloatTIFF() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (rgb, gray) = try PairedFolders.write(in: folder)
        let model = folder.appendingPathComponent("tiny.cmirmodel").path
        let trained = try CommandRunner.run(["train", "--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)", "--out", model] + tinyTraining)
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stderr.contains("iteration 3/3"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tiny.loss.png").path))
        #expect(try ImageFile.load(folder.appendingPathComponent("tiny.loss.png").path).image.channels == 3)
        #expect(try ModelFile.load(model).training?.iterationsDone == 3)
        #expect(trained.stderr.contains("validating on p"), "\(trained.stderr)")
        let everyPair = try CommandRunner.run(["train", "--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)", "--validation-pairs", "0",
                                               "--out", folder.appendingPathComponent("all.cmirmodel").path] + tinyTraining)
        #expect(everyPair.status == 0 && everyPair.stderr.contains("no validation pair;"), "\(everyPair.stderr)")

        let png = folder.appendingPathComponent("r.png").path, tif = folder.appendingPathComponent("r.tif").path
        let source = gray + "/p1.png"
        #expect(try CommandRunner.run(["represent", model, "--modality", "gray", source, "--out", png]).status == 0)
        #expect(try CommandRunner.run(["represent", model, "--modality", "gray", source, "--out", tif]).status == 0)
        let picture = try ImageFile.load(png), values = try ImageFile.load(tif)
        #expect(picture.image.width == 40 && picture.image.height == 32 && picture.bitsPerSample == 8)
        #expect(values.bitsPerSample == 32 && values.image.width == 40)
        let expected = try CoMIRInference(model: ModelFile.load(model), averagesQuarterTurns: true)
            .represent(try ImageFile.load(source).image, modality: "gray")
        #expect(values.image.pixels == expected.pixels)
    }

    /// Folders whose second image is named differently, or whose first pair differs in size.
    @Test(arguments: [(["p0", "other"], 32, "the folders do not pair up by name: 'p1' is in RGB but not in GRAY"),
                      (["p0", "p1"], 36, "pair 'p0' is not aligned: rgb is 32x32 but gray is 36x32")])
    func trainRefusesFoldersThatDoNotPairUp(grayNames: [String], graySize: Int, reason: String) throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (rgb, gray) = try PairedFolders.write(in: folder, grayNames: grayNames, graySize: graySize)
        let result = try CommandRunner.run(["train", "--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)",
                                            "--out", folder.appendingPathComponent("m.cmirmodel").path] + tinyTraining)
        #expect(result.status == 2)
        #expect(result.stderr == "cmir: " + reason.replacingOccurrences(of: "RGB", with: rgb)
            .replacingOccurrences(of: "GRAY", with: gray) + "\n")
    }

    @Test func trainNeedsTwoPairsAndResumeNeedsACheckpoint() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (rgb, gray) = try PairedFolders.write(in: folder)
        let one = try CommandRunner.run(["train", "--pair", "rgb=\(rgb)", "--out", folder.path + "/m.cmirmodel"])
        #expect(one.status == 2 && one.stderr.contains("exactly two --pair"))
        let resume = try CommandRunner.run(["train", "--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)", "--resume",
                                            "--out", folder.path + "/m.cmirmodel"] + tinyTraining)
        #expect(resume.status == 2)
        #expect(resume.stderr == "cmir: \(folder.path)/m.cmirmodel.checkpoint: no such model file\n")
    }

    /// --resume keeps the checkpoint's planned iterations unless told otherwise, and can extend a finished run.
    @Test func resumeKeepsThePlannedIterationsUnlessGiven() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (rgb, gray) = try PairedFolders.write(in: folder)
        let model = folder.appendingPathComponent("m.cmirmodel").path
        let pairs = ["--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)", "--out", model]
        #expect(try CommandRunner.run(["train"] + pairs + tinyTraining).status == 0)
        let again = try CommandRunner.run(["train", "--resume"] + pairs)
        #expect(again.status == 0 && again.stderr.contains("from iteration 3 to 3"), "\(again.stderr)")
        let extended = try CommandRunner.run(["train", "--resume", "--iterations", "5", "--equivariance-weight", "1"] + pairs)
        #expect(extended.status == 0 && extended.stderr.contains("from iteration 3 to 5"), "\(extended.stderr)")
        let record = try #require(try ModelFile.load(model).training)
        #expect(record.iterationsDone == 5 && record.settings.equivarianceConsistency?.fromIteration == 3)
        // Resuming again with the same term keeps the iteration it was added at.
        let continued = try CommandRunner.run(["train", "--resume", "--iterations", "6", "--equivariance-weight", "1"] + pairs)
        #expect(continued.status == 0 && continued.stderr.contains("from iteration 5 to 6"), "\(continued.stderr)")
        let after = try #require(try ModelFile.load(model).training)
        #expect(after.iterationsDone == 6 && after.settings.equivarianceConsistency?.fromIteration == 3)

        // Distillation fine-tunes a run from its teacher, which a resumed distillation needs again.
        let teacher = folder.appendingPathComponent("teacher.cmirmodel").path
        try FileManager.default.copyItem(atPath: model, toPath: teacher)
        let fresh = try CommandRunner.run(["train", "--distil-from", teacher] + pairs + tinyTraining)
        #expect(fresh.status == 2 && fresh.stderr.contains("--distil-from fine-tunes a run: it needs --resume"), "\(fresh.stderr)")
        let distilled = try CommandRunner.run(["train", "--resume", "--iterations", "8", "--distil-from", teacher] + pairs)
        #expect(distilled.status == 0 && distilled.stderr.contains("from iteration 6 to 8; distilling teacher.cmirmodel's quarter-turn average since iteration 6"), "\(distilled.stderr)")
        let term = try #require(try ModelFile.load(model).training?.settings.quarterTurnDistillation)
        #expect(term.fromIteration == 6 && term.teacherName == "teacher.cmirmodel" && term.weight == 10)
        let withoutTeacher = try CommandRunner.run(["train", "--resume", "--iterations", "9"] + pairs)
        #expect(withoutTeacher.status == 2 && withoutTeacher.stderr.contains("this run distils from teacher.cmirmodel"), "\(withoutTeacher.stderr)")
    }

    /// --student trains one modality's network from --teacher's, and a resumed run needs that teacher again.
    @Test func trainAStudentFromATeacher() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (rgb, gray) = try PairedFolders.write(in: folder)
        let teacher = folder.appendingPathComponent("teacher.cmirmodel").path, student = folder.appendingPathComponent("s.cmirmodel").path
        let pairs = ["--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)"]
        #expect(try CommandRunner.run(["train", "--out", teacher] + pairs + tinyTraining).status == 0)
        let alone = try CommandRunner.run(["train", "--out", student, "--student", "rgb"] + pairs + tinyTraining)
        #expect(alone.status == 2 && alone.stderr.contains("--student needs --teacher"), "\(alone.stderr)")
        let extra = try CommandRunner.run(["train", "--out", student, "--student", "rgb", "--teacher", teacher, "--equivariance-weight", "1"] + pairs + tinyTraining)
        #expect(extra.status == 2 && extra.stderr.contains("takes no --distil-from or --equivariance-weight"), "\(extra.stderr)")
        let learned = try CommandRunner.run(["train", "--out", student, "--student", "rgb", "--teacher", teacher, "--iterations", "2",
                                             "--levels", "2", "--width", "1", "--crop", "16", "--batch", "4"] + pairs)
        #expect(learned.status == 0 && learned.stderr.contains("a 1-wide rgb network learning teacher.cmirmodel's"), "\(learned.stderr)")
        let model = try ModelFile.load(student)
        #expect(model.modalities[0].network.architecture.baseWidth == 1 && model.modalities[1].network.architecture.baseWidth == 2)
        // `cmir info` shows the networks and the training record; a cut model file is one line and exit 2.
        let info = try CommandRunner.run(["info", student])
        let parameters = model.modalities[0].network.architecture.parameterCount
        #expect(info.status == 0 && info.stdout.contains("\(student): CoMIR model") && info.stdout.contains("used averaged over the four quarter turns by default")
                && info.stdout.contains("rgb network: U-Net of 2 levels, widths 1-2, 3 input channels, \(parameters) parameters")
                && info.stdout.contains("training: 2 iterations") && info.stdout.contains("the rgb network learnt from teacher.cmirmodel"),
                "\(info.stdout)")
        let cut = folder.appendingPathComponent("cut.cmirmodel").path
        try Data(try Data(contentsOf: URL(fileURLWithPath: student)).prefix(500)).write(to: URL(fileURLWithPath: cut))
        let broken = try CommandRunner.run(["info", cut])
        #expect(broken.status == 2 && broken.stdout.isEmpty && broken.stderr.hasPrefix("cmir: \(cut): ") && broken.stderr.split(separator: "\n").count == 1,
                "\(broken.stderr)")
        let withoutTeacher = try CommandRunner.run(["train", "--out", student, "--resume", "--iterations", "3"] + pairs)
        #expect(withoutTeacher.status == 2 && withoutTeacher.stderr.contains("this run learns from teacher.cmirmodel"), "\(withoutTeacher.stderr)")
        let resumed = try CommandRunner.run(["train", "--out", student, "--resume", "--iterations", "3", "--teacher", teacher] + pairs)
        #expect(resumed.status == 0 && resumed.stderr.contains("from iteration 2 to 3"), "\(resumed.stderr)")
    }

    /// --fine-tune trains one network of a model against the other, kept; an index built with the original model
    /// is then searched with the tuned one (--model), and with no other model.
    @Test func fineTuneTheQueryNetworkAndSearchTheSameIndex() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (rgb, gray) = try PairedFolders.write(in: folder)
        let pairs = ["--pair", "rgb=\(rgb)", "--pair", "gray=\(gray)"]
        let origin = folder.appendingPathComponent("origin.cmirmodel").path, tuned = folder.appendingPathComponent("tuned.cmirmodel").path
        let other = folder.appendingPathComponent("other.cmirmodel").path
        #expect(try CommandRunner.run(["train", "--out", origin] + pairs + tinyTraining).status == 0)
        #expect(try CommandRunner.run(["train", "--out", other, "--seed", "2"] + pairs + tinyTraining).status == 0)
        let alone = try CommandRunner.run(["train", "--out", tuned, "--fine-tune", "gray"] + pairs + tinyTraining)
        #expect(alone.status == 2 && alone.stderr.contains("--fine-tune needs --from"), "\(alone.stderr)")
        let mixed = try CommandRunner.run(["train", "--out", tuned, "--fine-tune", "gray", "--from", origin, "--student", "rgb"] + pairs + tinyTraining)
        #expect(mixed.status == 2 && mixed.stderr.contains("a --fine-tune run takes no --student"), "\(mixed.stderr)")
        let run = try CommandRunner.run(["train", "--out", tuned, "--fine-tune", "gray", "--from", origin, "--iterations", "2",
                                         "--crop", "16", "--batch", "4"] + pairs)
        #expect(run.status == 0 && run.stderr.contains("fine-tuning origin.cmirmodel's gray network against its other, frozen"), "\(run.stderr)")
        let info = try CommandRunner.run(["info", tuned])
        #expect(info.stdout.contains("the gray network fine-tuned from origin.cmirmodel (fingerprint "), "\(info.stdout)")

        let images = folder.appendingPathComponent("repository")
        let paths = try TexturedImages.writeFolder(images, count: 3)
        let index = folder.appendingPathComponent("i.cmirindex").path
        let built = try CommandRunner.run(["index", images.path, "--out", index, "--model", origin, "--modality", "rgb", "--vocabulary", "16"])
        #expect(built.status == 0, "\(built.stderr)")
        let searched = try CommandRunner.run(["query", index, paths[1], "--model", tuned, "--json"])
        #expect(searched.status == 0 && searched.stdout.contains("img1"), "\(searched.stderr)")
        let refused = try CommandRunner.run(["query", index, paths[1], "--model", other])
        let originFingerprint = try LoadedModel(path: origin).fingerprint
        #expect(refused.status == 2 && refused.stderr == "cmir: \(index): \(other) is neither \(origin) (\(originFingerprint)), which built the index, nor fine-tuned from it keeping its rgb network\n",
                "\(refused.stderr)")
        let missing = try CommandRunner.run(["query", index, paths[1], "--model", folder.path + "/none.cmirmodel"])
        #expect(missing.status == 2 && missing.stderr == "cmir: \(folder.path)/none.cmirmodel: no such model file\n", "\(missing.stderr)")
        let demo = try CommandRunner.run(["browse", "--model", tuned])
        #expect(demo.status == 2 && demo.stderr.contains("--model searches an INDEX"), "\(demo.stderr)")
    }

    /// An index records whether its network was averaged over quarter turns, and its queries follow it.
    @Test(arguments: [true, false])
    func indexRecordsTheQuarterTurnChoiceAndQueriesFollowIt(averaged: Bool) throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = folder.appendingPathComponent("repository")
        let paths = try TexturedImages.writeFolder(images, count: 3)
        let model = folder.appendingPathComponent("m.cmirmodel").path
        try ModelFile.save(CoMIRModel(modalityNames: ["bf", "shg"],
                                      preprocessing: [ModalityPreprocessing(channels: 1), ModalityPreprocessing(channels: 1)],
                                      levels: 2, baseWidth: 2, seed: 1), to: model)
        let index = folder.appendingPathComponent("i.cmirindex").path
        // First a raw index at the same place: its settings are not carried over to another representation.
        #expect(try CommandRunner.run(["index", images.path, "--out", index, "--features", "sift", "--vocabulary", "16"]).status == 0)
        let built = try CommandRunner.run(["index", images.path, "--out", index, "--model", model, "--modality", "bf",
                                           "--vocabulary", "16", averaged ? "--average-turns" : "--no-average-turns"])
        #expect(built.status == 0, "\(built.stderr)")
        let engine = try Engine(indexPath: index)
        #expect(engine.summary.representation == .comir(CoMIRSpec(modelPath: model, modelFingerprint: try LoadedModel(path: model).fingerprint,
                                                                  modality: "bf", averagesQuarterTurns: averaged)))
        #expect(engine.summary.representation.summary == (averaged ? "CoMIR m (bf network)" : "CoMIR m (bf network, single pass)"))
        #expect(engine.summary.settings.features == "rootsift-native")  // the default on a learned representation, not sift
        let query = try #require(try engine.representations().query as? CoMIRRepresentation)
        #expect(query.comir.modality == "shg" && query.inference.averagesQuarterTurns == averaged)
        let searched = try CommandRunner.run(["query", index, paths[1], "--json"])
        #expect(searched.status == 0, "\(searched.stderr)")
    }

    @Test func representRejectsBadModelsAndModalities() throws {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = folder.appendingPathComponent("i.png").path
        try ImageFile.save(TestImages.pattern(width: 16, height: 16, channels: 1), to: image)
        let out = folder.appendingPathComponent("o.png").path
        let missing = try CommandRunner.run(["represent", folder.path + "/none.cmirmodel", "--modality", "shg", image, "--out", out])
        #expect(missing.status == 2 && missing.stderr == "cmir: \(folder.path)/none.cmirmodel: no such model file\n")
        let foreign = try CommandRunner.run(["represent", image, "--modality", "shg", image, "--out", out])
        #expect(foreign.status == 2 && foreign.stderr == "cmir: \(image): not a cmir model file\n")
        let model = folder.appendingPathComponent("m.cmirmodel").path
        try ModelFile.save(CoMIRModel(modalityNames: ["bf", "shg"],
                                      preprocessing: [ModalityPreprocessing(channels: 3), ModalityPreprocessing(channels: 1)],
                                      levels: 2, baseWidth: 2, seed: 1), to: model)
        let wrong = try CommandRunner.run(["represent", model, "--modality", "xyz", image, "--out", out])
        #expect(wrong.status == 2 && wrong.stderr == "cmir: the model has no modality 'xyz' (it has bf, shg)\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
