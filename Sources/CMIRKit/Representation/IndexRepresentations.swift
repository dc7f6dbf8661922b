/// The two representations a search over an index needs: the repository's, as the index was built, and the
/// query's. For a raw index both are raw; for a CoMIR index the repository network is the one recorded in
/// the index and the query network is the given modality, by default the model's other one.
public struct IndexRepresentations: Sendable {
    public let query: any Representation
    public let repository: any Representation

    public init(query: any Representation, repository: any Representation) {
        self.query = query
        self.repository = repository
    }

    /// Resolves the representations of an open index. `queryModality` names the query network of a CoMIR
    /// index; giving one for a raw index is refused, as it would silently be ignored.
    public static func resolve(for summary: IndexSummary, indexPath: String, queryModality: String?) throws -> IndexRepresentations {
        if summary.representation == RawRepresentation().identifier {
            if let queryModality {
                throw CMIRError.input("\(indexPath) holds raw images; --modality \(queryModality) needs an index built with --model")
            }
            return IndexRepresentations(query: RawRepresentation(), repository: RawRepresentation())
        }
        guard let modelPath = summary.modelPath else {
            throw CMIRError.input("\(indexPath) uses \(summary.representationSummary) but names no model file")
        }
        let loaded = try LoadedModel(path: modelPath)
        let names = loaded.model.modalityNames
        let averaged = CoMIRRepresentation.averagesQuarterTurns(identifier: summary.representation)
        let repositoryModality = names.first {
            summary.representationSummary == CoMIRRepresentation.summary(model: modelPath, modality: $0, averaged: averaged)
        } ?? names.first { summary.representationSummary.hasSuffix(CoMIRRepresentation.summarySuffix(modality: $0, averaged: averaged)) }
        guard let repositoryModality else {
            throw CMIRError.input("\(indexPath): cannot tell which network of \(modelPath) built it")
        }
        guard let queryModality = queryModality ?? names.first(where: { $0 != repositoryModality }) else {
            throw CMIRError.input("give the queries' --modality (one of \(names.joined(separator: ", ")))")
        }
        let query = try CoMIRRepresentation(loaded: loaded, modality: queryModality, averagesQuarterTurns: averaged)
        guard query.identifier == summary.representation else {
            throw CMIRError.input("\(modelPath) changed since \(indexPath) was built; index again")
        }
        return IndexRepresentations(query: query,
                                    repository: try CoMIRRepresentation(loaded: loaded, modality: repositoryModality,
                                                                        averagesQuarterTurns: averaged))
    }
}
