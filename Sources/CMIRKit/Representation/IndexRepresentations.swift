/// The two representations a search over an index needs: the repository's, as the index was built, and the
/// query's. For a raw index both are raw; for a CoMIR index the query network is the given modality, by default
/// the model's other one.
public struct IndexRepresentations: Sendable {
    public let query: any Representation
    public let repository: any Representation

    public init(query: any Representation, repository: any Representation) {
        self.query = query
        self.repository = repository
    }

    /// Resolves the representations of an index built with `spec`, loading its model once. Giving a query
    /// modality for a raw index is refused, as it would silently be ignored. `queryModel` searches with another
    /// model file: the index's own, or one fine-tuned from it that keeps the network the index was built with
    /// (`FineTuning`), whose other network then represents the queries.
    public static func resolve(_ spec: RepresentationSpec, queryModality: String?, queryModel: String? = nil) throws -> IndexRepresentations {
        switch spec {
        case .raw:
            if let queryModality {
                throw CMIRError.input("the index holds raw images; --modality \(queryModality) needs an index built with --model")
            }
            if let queryModel {
                throw CMIRError.input("the index holds raw images; --model \(queryModel) needs an index built with a model")
            }
            return IndexRepresentations(query: RawRepresentation(), repository: RawRepresentation())
        case .comir(let comir):
            let loaded = try LoadedModel(path: queryModel ?? comir.modelPath)
            if loaded.fingerprint != comir.modelFingerprint {
                guard let queryModel else { throw CMIRError.input("\(comir.modelPath) changed since the index was built; index again") }
                guard let tuned = loaded.model.training?.settings.fineTuning,
                      tuned.keepsNetwork(ofModelWithFingerprint: comir.modelFingerprint, modality: comir.modality) else {
                    throw CMIRError.input("\(queryModel) is neither \(comir.modelPath) (\(comir.modelFingerprint)), which built the index, nor fine-tuned from it keeping its \(comir.modality) network")
                }
            }
            let names = loaded.model.modalityNames
            guard let queryModality = queryModality ?? names.first(where: { $0 != comir.modality }) else {
                throw CMIRError.input("give the queries' --modality (one of \(names.joined(separator: ", ")))")
            }
            return IndexRepresentations(
                query: try CoMIRRepresentation(loaded: loaded, modality: queryModality, averagesQuarterTurns: comir.averagesQuarterTurns),
                repository: try CoMIRRepresentation(loaded: loaded, modality: comir.modality,
                                                    averagesQuarterTurns: comir.averagesQuarterTurns))
        }
    }
}
