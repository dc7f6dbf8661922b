/// The representation options of `cmir index` that go with a frozen vocabulary: the model, network and passes it
/// was trained on (none for raw images), for commands that tell the user how to build a shard from it.
extension FrozenVocabulary {
    public var representationArguments: [String] {
        guard case .comir(let spec) = identity.representation else { return [] }
        return ["--model", spec.modelPath, "--modality", spec.modality, spec.averagesQuarterTurns ? "--average-turns" : "--no-average-turns"]
    }
}
