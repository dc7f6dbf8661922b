/// Trains a CoMIR pair on aligned image pairs.
///
/// Each iteration draws `batch` random crops (positions, flips) from the training pairs, the same crop from both
/// modalities. Each network's input is turned by its own random multiple of 90 degrees and its output turned back
/// before the loss: matching the two outputs then requires each network to be equivariant to quarter turns (C4),
/// which the retrieval stage needs for rotated queries. All randomness of iteration i comes from a generator seeded
/// by (seed, i), so a run resumed from a checkpoint draws exactly what the uninterrupted run would have drawn.
public final class CoMIRTrainer {
    public let model: CoMIRModel
    public internal(set) var record: TrainingRecord
    let optimizers: [AdamOptimizer<Float>]
    /// Preprocessed network inputs: [pair][modality].
    let trainInputs: [[Image]]
    let validationBatch: Batch?
    /// The teacher's networks, for `QuarterTurnDistillation` or `NetworkDistillation` (required when the
    /// settings have either).
    let teachers: [UNet<Float>]?

    /// A new run on `pairs`; `validationPairCount` of them (chosen by the seed) are held back.
    public init(pairs: [TrainingPair], modalityNames: [String], folders: [String], settings: TrainingSettings) throws {
        _ = HeapRetention.keepsFreedMemory
        let (train, validation) = try Self.split(pairs, settings: settings)
        var preprocessing = (0..<2).map { m in
            ModalityPreprocessing.defaults(forModality: modalityNames[m], channels: min(3, pairs[0].images[m].droppingAlpha().channels))
        }
        for m in 0..<2 { preprocessing[m].fitStandardisation(train.map { $0.images[m] }) }
        model = CoMIRModel(modalityNames: modalityNames, preprocessing: preprocessing, levels: settings.levels,
                           baseWidth: settings.baseWidth, seed: settings.seed)
        record = TrainingRecord(settings: settings, trainingPairs: train.map(\.name), validationPairs: validation.map(\.name),
                                folders: folders, iterationsDone: 0, seconds: 0, history: [])
        optimizers = model.modalities.map { AdamOptimizer(parameters: $0.network.parameters) }
        trainInputs = train.map { pair in (0..<2).map { preprocessing[$0].apply(pair.images[$0]) } }
        validationBatch = Self.validationBatch(validation.map { pair in (0..<2).map { preprocessing[$0].apply(pair.images[$0]) } },
                                               settings: settings)
        teachers = nil
        model.training = record
    }

    /// A new run that trains a fresh network for the modality `student` (base width `settings.baseWidth`, the
    /// teacher's levels, initialised from `settings.seed`) to reproduce `teacher`'s network of that modality (see
    /// `NetworkDistillation`). The model keeps the teacher's preprocessing and its other network, unchanged.
    /// `modalityNames` are the modalities of `pairs`' images in order; they must be the teacher's.
    public convenience init(student: String, teacher: LoadedModel, pairs: [TrainingPair], modalityNames: [String], folders: [String],
                settings: TrainingSettings) throws {
        _ = HeapRetention.keepsFreedMemory
        let (inPairOrder, studentIndex) = try Self.modalities(of: teacher, role: "teacher", inOrder: modalityNames, training: student,
                                                             named: "the student's modality")
        var settings = settings
        settings.levels = inPairOrder[studentIndex].network.architecture.levels
        settings.networkDistillation = NetworkDistillation(modality: student, teacherFingerprint: teacher.fingerprint,
                                                           teacherName: teacher.fileName,
                                                           teacherAveragesQuarterTurns: CoMIRRepresentation.averagesQuarterTurnsByDefault(teacher.model))
        var random = SeededRandom(seed: settings.seed)
        var architecture = inPairOrder[studentIndex].network.architecture
        architecture.baseWidth = settings.baseWidth
        let studentNetwork = UNet<Float>(architecture: architecture, name: student, random: &random)
        try self.init(modalities: inPairOrder.enumerated().map { m, modality in
            m == studentIndex ? CoMIRModel.Modality(name: student, preprocessing: modality.preprocessing, network: studentNetwork) : modality
        }, pairs: pairs, folders: folders, settings: settings, teachers: inPairOrder.map(\.network))
    }

    /// A new run that goes on training a copy of `origin`'s network of `modality` with the contrastive loss against
    /// its other network, frozen (see `FineTuning`); the model keeps `origin`'s preprocessing and architecture (the
    /// settings' levels and width are replaced by the tuned network's). `modalityNames` are the modalities of
    /// `pairs`' images in order; they must be the origin's.
    public convenience init(fineTuning modality: String, from origin: LoadedModel, pairs: [TrainingPair], modalityNames: [String],
                folders: [String], settings: TrainingSettings) throws {
        _ = HeapRetention.keepsFreedMemory
        let (originOrder, tunedIndex) = try Self.modalities(of: origin, role: "model", inOrder: modalityNames, training: modality,
                                                            named: "the tuned modality")
        // The networks are trained in place: work on a copy, so that the caller's model stays the origin.
        let copy = try ModelFile.decode(ModelFile.encode(CoMIRModel(modalities: originOrder)), name: origin.name).model
        let inPairOrder = copy.modalities
        var settings = settings
        let architecture = inPairOrder[tunedIndex].network.architecture
        settings.levels = architecture.levels
        settings.baseWidth = architecture.baseWidth
        settings.fineTuning = FineTuning(modality: modality, origin: origin)
        try self.init(modalities: inPairOrder, pairs: pairs, folders: folders, settings: settings, teachers: nil)
    }

    /// A new run of a model made from another's modalities (`modalities`, in the pairs' order).
    private init(modalities: [CoMIRModel.Modality], pairs: [TrainingPair], folders: [String], settings: TrainingSettings,
                 teachers: [UNet<Float>]?) throws {
        let (train, validation) = try Self.split(pairs, settings: settings)
        model = CoMIRModel(modalities: modalities)
        record = TrainingRecord(settings: settings, trainingPairs: train.map(\.name), validationPairs: validation.map(\.name),
                                folders: folders, iterationsDone: 0, seconds: 0, history: [])
        optimizers = model.modalities.map { AdamOptimizer(parameters: $0.network.parameters) }
        let preprocessing = model.modalities.map(\.preprocessing)
        trainInputs = train.map { pair in (0..<2).map { preprocessing[$0].apply(pair.images[$0]) } }
        validationBatch = Self.validationBatch(validation.map { pair in (0..<2).map { preprocessing[$0].apply(pair.images[$0]) } },
                                               settings: settings)
        self.teachers = teachers
        model.training = record
    }

    /// `source` (the `role` of the run)'s modalities in the order of `modalityNames` (the pairs' images, as a resumed
    /// run reads them) and the position of `trained` (which messages call `trainedName`) among them; refuses names
    /// that are not `source`'s.
    private static func modalities(of source: LoadedModel, role: String, inOrder modalityNames: [String],
                                   training trained: String, named trainedName: String) throws -> ([CoMIRModel.Modality], Int) {
        let sourceModalities = source.model.modalities
        guard Set(modalityNames) == Set(sourceModalities.map(\.name)), modalityNames.count == 2 else {
            throw CMIRError.input("\(source.name): the \(role)'s modalities are \(source.model.modalityNames.joined(separator: ", ")), not \(modalityNames.joined(separator: ", "))")
        }
        guard let index = modalityNames.firstIndex(of: trained) else {
            throw CMIRError.input("no --pair gives the images of \(trainedName) '\(trained)'")
        }
        return (modalityNames.map { name in sourceModalities.first { $0.name == name }! }, index)
    }

    /// Continues the run saved in `checkpoint`; `iterations` may raise the planned total, and `equivariance` or
    /// `distillation` add (or change) a term from here on. A finished run that is extended gets its
    /// batch-normalisation statistics recalibrated again at its new end. A run that distils needs its teacher
    /// again when it is resumed (`distillation` for the quarter-turn term, `networkTeacher` for a
    /// `NetworkDistillation` run).
    public init(resuming checkpoint: String, pairs: [TrainingPair], iterations: Int?,
                equivariance: EquivarianceConsistency? = nil, distillation: DistillationTeacher? = nil,
                networkTeacher: LoadedModel? = nil) throws {
        _ = HeapRetention.keepsFreedMemory
        let (loaded, optimizerState) = try ModelFile.decode(ModelFile.read(checkpoint), name: checkpoint)
        guard var saved = loaded.training, let optimizerState else {
            throw CMIRError.input("\(checkpoint): not a training checkpoint (no optimizer state)")
        }
        if let iterations, iterations != saved.settings.iterations {
            saved.settings.iterations = iterations
            if iterations > saved.iterationsDone {
                saved.recalibrationBatches = nil
                saved.finalValidationLoss = nil
            }
        }
        if let equivariance {
            saved.settings.equivarianceConsistency = equivariance.added(to: saved.settings.equivarianceConsistency, at: saved.iterationsDone)
        }
        if let distillation {
            guard distillation.model.modalities.map(\.name) == loaded.modalities.map(\.name),
                  distillation.model.modalities.map(\.preprocessing) == loaded.modalities.map(\.preprocessing),
                  distillation.model.modalities.map(\.network.architecture) == loaded.modalities.map(\.network.architecture) else {
                throw CMIRError.input("\(distillation.term.teacherName): the teacher's modalities, preprocessing or networks differ from the checkpoint's")
            }
            saved.settings.quarterTurnDistillation = distillation.term.added(to: saved.settings.quarterTurnDistillation, at: saved.iterationsDone)
        } else if let recorded = saved.settings.quarterTurnDistillation {
            throw CMIRError.input("\(checkpoint): this run distils from \(recorded.teacherName); resume it with that teacher")
        }
        if let recorded = saved.settings.networkDistillation {
            guard let networkTeacher, networkTeacher.fingerprint == recorded.teacherFingerprint else {
                throw CMIRError.input("\(checkpoint): this run learns from \(recorded.teacherName); resume it with that teacher (--teacher)")
            }
            guard distillation == nil, equivariance == nil else {
                throw CMIRError.input("\(checkpoint): a run that trains a network from a teacher takes no other term")
            }
        }
        if saved.settings.fineTuning != nil, distillation != nil || equivariance != nil {
            throw CMIRError.input("\(checkpoint): a run that fine-tunes one network takes no other term")
        }
        let byName = Dictionary(pairs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let train = saved.trainingPairs.compactMap { byName[$0] }
        guard train.count == saved.trainingPairs.count, saved.validationPairs.allSatisfy({ byName[$0] != nil }) else {
            throw CMIRError.input("\(checkpoint): the checkpoint was trained on pairs that these folders do not hold")
        }
        model = loaded
        record = saved
        optimizers = zip(loaded.modalities, 0...).map { modality, index in
            let optimizer = AdamOptimizer(parameters: modality.network.parameters)
            optimizer.restore(step: optimizerState.step, first: optimizerState.first[index], second: optimizerState.second[index])
            return optimizer
        }
        let preprocessing = loaded.modalities.map(\.preprocessing)
        trainInputs = train.map { pair in (0..<2).map { preprocessing[$0].apply(pair.images[$0]) } }
        validationBatch = Self.validationBatch(saved.validationPairs.map { name in (0..<2).map { preprocessing[$0].apply(byName[name]!.images[$0]) } },
                                               settings: saved.settings)
        let teacher = distillation?.model ?? (saved.settings.networkDistillation == nil ? nil : networkTeacher?.model)
        teachers = try teacher.map { teacher in try loaded.modalities.map { try teacher.modality(named: $0.name).network } }
        model.training = record
    }

    private static func split(_ pairs: [TrainingPair], settings: TrainingSettings) throws -> ([TrainingPair], [TrainingPair]) {
        for pair in pairs where pair.images[0].width < settings.crop || pair.images[0].height < settings.crop {
            throw CMIRError.input("pair '\(pair.name)' is smaller than the \(settings.crop) px training crop")
        }
        guard settings.crop % (1 << (settings.levels - 1)) == 0 else {
            throw CMIRError.input("the crop size must be a multiple of \(1 << (settings.levels - 1)) for \(settings.levels) levels")
        }
        guard settings.batch >= 2 else { throw CMIRError.input("the batch needs at least 2 pairs (the others are the negatives)") }
        let held = pairs.count > settings.validationPairCount ? settings.validationPairCount : 0
        var random = SeededRandom(seed: settings.seed)
        let order = pairs.indices.shuffled(using: &random)
        let validation = Set(order.prefix(held))
        return (pairs.indices.filter { !validation.contains($0) }.map { pairs[$0] },
                order.prefix(held).sorted().map { pairs[$0] })
    }
}
