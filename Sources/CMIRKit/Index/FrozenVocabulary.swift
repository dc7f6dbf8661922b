import Foundation

/// A vocabulary trained once and shared by indexes built apart (the shards of one archive): their word ids then
/// mean the same words, so their rankings can be merged. It is the vocabulary of a cmir index file, with the
/// settings and representation it was trained with; `cmir vocabulary train` writes one without any images, and
/// any index can serve as one. Its fingerprint, recorded by every index built from it, tells whether two indexes
/// share it.
public struct FrozenVocabulary: Sendable {
    public let path: String
    let identity: IndexStore.BuildIdentity
    /// The vocabulary and the codebooks of its residuals, which every index built from it shares.
    let coder: DescriptorCoder
    /// 16 hex digits of the SHA-256 of the stored centroids and codebooks.
    public let fingerprint: String

    /// Reads the vocabulary of the index or vocabulary file at `path`.
    public init(path: String) throws {
        let store = try IndexStore.open(path)
        guard let identity = try store.identity(), let coder = try store.descriptorCoder() else {
            throw CMIRError.input("\(path): holds no vocabulary")
        }
        self.path = path
        self.identity = identity
        self.coder = coder
        fingerprint = String(SHA256.hex(of: BinaryPacking.pack(floats: coder.vocabulary.centroids.values + coder.quantizer.codebooks)).prefix(16))
    }

    /// The features the vocabulary's words describe.
    public var features: String { identity.settings.features }

    /// The identity of an index built from this vocabulary over `representation`, which must be the one it was
    /// trained on (its words describe features of that representation).
    func identity(for representation: RepresentationSpec) throws -> IndexStore.BuildIdentity {
        guard representation == identity.representation else {
            throw CMIRError.input("\(path) was trained on \(identity.representation.summary), not \(representation.summary); index with the same --model and --modality")
        }
        return IndexStore.BuildIdentity(settings: identity.settings, representation: representation, vocabularySource: fingerprint)
    }
}
