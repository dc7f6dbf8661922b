import ArgumentParser
import CMIRKit
import CMIRTerminal
import Foundation

/// `cmir train`: trains a CoMIR pair on folders of pixel-aligned images with equal file stems.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train CoMIR networks on pixel-aligned image pairs of two modalities.",
        discussion: """
        Writes MODEL, MODEL.checkpoint (after the first iteration, then every --checkpoint-seconds; with --resume \
        the run continues from it exactly) and a loss-curve PNG beside MODEL. SIGINT (Ctrl-C) or SIGTERM brings the \
        checkpoint up to date before exiting (status 130 or 143); a second one quits at once. --names FILE \
        restricts training to the listed stems (one per line, or a name,split CSV filtered by --split).
        """
    )

    @Option(name: .customLong("pair"), help: "A modality and its folder, NAME=DIR (twice).")
    var pairs: [String] = []
    @Option(help: "The model file to write.") var out: String
    @Option(help: "Total training iterations (default 1000; with --resume the checkpoint's, unless given).")
    var iterations: Int?
    @Option(help: "Aligned pairs per batch (2 x batch - 2 negatives per positive).") var batch: Int = 24
    @Option(help: "Crop size in pixels.") var crop: Int = 128
    @Option(help: "Random seed (initialisation, crops, held-back pair).") var seed: UInt64 = 1
    @Option(help: "U-Net resolution levels.") var levels: Int = 4
    @Option(help: "U-Net channels at the first level.") var width: Int = 16
    @Option(help: "Adam learning rate (cosine decay).") var learningRate: Double = 1e-3
    @Option(help: "Pairs held back for the validation loss.") var validationPairs: Int = 1
    @Option(help: "File of image stems to train on.") var names: String?
    @Option(help: "With --names on a CSV: the split to keep (e.g. train).") var split: String?
    @Option(help: "Seconds between checkpoints (the first comes after the first iteration).") var checkpointSeconds: Double = 180
    @Option(help: "Intensity augmentation: random per-channel gain exp(u) and offset u', u and u' in [-J, J] (0: none).")
    var jitter: Double = 0
    @Option(help: "Weight of the equivariance term: 4 crops per batch are seen under two quarter turns and their turned-back outputs pulled together (default 0: none). With --resume it applies from the checkpoint's iteration on.")
    var equivarianceWeight: Double?
    @Option(help: "With --resume: from the checkpoint's iteration on, pull each network's single pass towards this model's quarter-turn average (usually the run's own finished model), so that one pass is as equivariant as four. Give it again when resuming such a run.")
    var distilFrom: String?
    @Option(help: "Weight of the --distil-from term.") var distillationWeight: Double = 10
    @Option(help: "Train a new network for this modality alone (--width, the teacher's levels) to reproduce --teacher's network of it, instead of the contrastive loss; the other modality keeps the teacher's network, so the new model shares the teacher's common space.")
    var student: String?
    @Option(help: "With --student: the model to learn from. Give it again when resuming such a run.")
    var teacher: String?
    @Option(help: "Go on training --from's network of this modality with the contrastive loss against its other network, which stays unchanged (so an index built with that network stays valid in content); --levels and --width are the model's.")
    var fineTune: String?
    @Option(help: "With --fine-tune: the finished model to start from.")
    var from: String?
    @Option(help: "Also save the model every N iterations as MODEL-iterN.cmirmodel, to choose among by retrieval.")
    var snapshotEvery: Int?
    @Flag(help: "Continue from MODEL.checkpoint.") var resume = false

    func validate() throws {
        guard pairs.count == 2 else { throw ValidationError("give exactly two --pair NAME=DIR options") }
        guard (iterations ?? 1) > 0, batch >= 2, crop > 0, levels >= 1, width >= 1 else {
            throw ValidationError("--iterations, --batch (>= 2), --crop, --levels and --width must be positive")
        }
        guard jitter >= 0, jitter <= 1 else { throw ValidationError("--jitter must lie between 0 and 1") }
        guard (equivarianceWeight ?? 0) >= 0, (equivarianceWeight ?? 0).isFinite else { throw ValidationError("--equivariance-weight must be 0 or more") }
        guard distillationWeight > 0, distillationWeight.isFinite else { throw ValidationError("--distillation-weight must be positive") }
        guard (fineTune == nil) == (from == nil), fineTune == nil || !resume else {
            throw ValidationError("--fine-tune needs --from, and starts a new run (resume it with --resume alone)")
        }
        guard fineTune == nil || (student == nil && teacher == nil && distilFrom == nil && equivarianceWeight == nil) else {
            throw ValidationError("a --fine-tune run takes no --student, --teacher, --distil-from or --equivariance-weight")
        }
        guard distilFrom == nil || resume else { throw ValidationError("--distil-from fine-tunes a run: it needs --resume") }
        guard student == nil || (teacher != nil && !resume) else { throw ValidationError("--student needs --teacher, and starts a new run (resume it with --resume --teacher)") }
        guard teacher == nil || student != nil || resume else { throw ValidationError("--teacher goes with --student (or with --resume of such a run)") }
        guard teacher == nil || (distilFrom == nil && equivarianceWeight == nil) else {
            throw ValidationError("a run that learns a network from --teacher takes no --distil-from or --equivariance-weight")
        }
        guard (snapshotEvery ?? 1) > 0 else { throw ValidationError("--snapshot-every must be positive") }
    }

    func run() throws {
        let modalities = try pairs.map { text -> (name: String, folder: String) in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex else {
                throw CMIRError.input("--pair '\(text)' is not NAME=DIR")
            }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
        let selected = try names.map { try TrainingData.names(inFile: $0, split: split) }
        let data = try TrainingData.load(modalities: modalities, names: selected)
        let checkpoint = out + ".checkpoint"
        let equivariance = equivarianceWeight.flatMap { $0 > 0 ? EquivarianceConsistency(weight: $0) : nil }
        let trainer: CoMIRTrainer
        if resume {
            let quarterTurnTeacher = try distilFrom.map { try DistillationTeacher(modelPath: $0, weight: distillationWeight) }
            trainer = try CoMIRTrainer(resuming: checkpoint, pairs: data, iterations: iterations, equivariance: equivariance,
                                       distillation: quarterTurnTeacher, networkTeacher: teacher.map(LoadedModel.init(path:)))
        } else {
            var settings = TrainingSettings()
            settings.iterations = iterations ?? 1000
            settings.batch = batch
            settings.crop = crop
            settings.seed = seed
            settings.levels = levels
            settings.baseWidth = width
            settings.learningRate = learningRate
            settings.validationPairCount = validationPairs
            settings.intensityJitter = jitter > 0 ? jitter : nil
            settings.equivarianceConsistency = equivariance
            if let fineTune, let from {
                trainer = try CoMIRTrainer(fineTuning: fineTune, from: LoadedModel(path: from), pairs: data,
                                           modalityNames: modalities.map(\.name), folders: modalities.map(\.folder), settings: settings)
            } else if let student, let teacher {
                trainer = try CoMIRTrainer(student: student, teacher: LoadedModel(path: teacher), pairs: data,
                                           modalityNames: modalities.map(\.name), folders: modalities.map(\.folder), settings: settings)
            } else {
                trainer = try CoMIRTrainer(pairs: data, modalityNames: modalities.map(\.name), folders: modalities.map(\.folder),
                                           settings: settings)
            }
        }
        let record = trainer.record
        let distilling = record.settings.quarterTurnDistillation.map { "; distilling \($0.teacherName)'s quarter-turn average since iteration \($0.fromIteration ?? 0)" }
            ?? record.settings.networkDistillation.map { "; a \(record.settings.baseWidth)-wide \($0.modality) network learning \($0.teacherName)'s" }
            ?? record.settings.fineTuning.map { "; fine-tuning \($0.originName)'s \($0.modality) network against its other, frozen" } ?? ""
        let validation = record.validationPairs.isEmpty ? "no validation pair" : "validating on " + record.validationPairs.joined(separator: ", ")
        FileHandle.standardError.write(Data("training on \(record.trainingPairs.count) pairs, \(validation); from iteration \(record.iterationsDone) to \(record.settings.iterations)\(distilling)\n".utf8))
        let stem = (out as NSString).deletingPathExtension
        let snapshots = snapshotEvery.map { every in (every: every, path: { (iteration: Int) in "\(stem)-iter\(iteration).cmirmodel" }) }
        StopSignals.install()
        let outcome = try trainer.run(checkpoint: checkpoint, checkpointSeconds: checkpointSeconds, snapshots: snapshots,
                                      shouldStop: { StopSignals.received != nil }) { event in
            FileHandle.standardError.write(Data((Canvas.printable(Self.line(for: event, checkpoint: checkpoint)) + "\n").utf8))
        }
        StopSignals.uninstall()
        if case .stopped(let iteration) = outcome, let signal = StopSignals.received {
            ExitStatus.printError("interrupted at iteration \(iteration) of \(record.settings.iterations); the checkpoint \(checkpoint) holds it: run the same command with --resume to continue")
            throw ExitCode(128 + signal)
        }
        try ModelFile.save(trainer.model, to: out)
        let curve = stem + ".loss.png"
        try ImageFile.save(LossCurve.draw(trainer.record.history), to: curve)
        TerminalOutput.say("wrote \(out) and \(curve) (\(trainer.record.iterationsDone) iterations, \(String(format: "%.0f", trainer.record.seconds)) s)")
    }

    /// One line of stderr per training event.
    static func line(for event: TrainingEvent, checkpoint: String) -> String {
        switch event {
        case .iteration(let progress):
            let validation = progress.validationLoss.map { String(format: "%.4f", $0) } ?? "-"
            return String(format: "iteration %d/%d  loss %.4f  validation %@  %.2f s/it  %.0f min left",
                          progress.iteration, progress.iterations, progress.loss, validation,
                          progress.secondsPerIteration, progress.secondsLeft / 60)
        case .checkpoint(let iteration):
            return "checkpoint at iteration \(iteration) written to \(checkpoint)"
        case .recalibration(let batch, let batches):
            return "recalibrating batch normalisation on the final weights: batch \(batch)/\(batches)"
        }
    }
}
