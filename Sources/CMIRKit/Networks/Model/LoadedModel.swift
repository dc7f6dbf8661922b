import Foundation

/// A model file read once: the decoded model, the fingerprint of its bytes (what indexes record) and the name
/// shown for it. One load then serves every network and default a caller needs from the file, as both
/// representations of an index search do.
public struct LoadedModel: Sendable {
    public let model: CoMIRModel
    /// The file, as a standardised absolute path (so that an index names it wherever it is opened from).
    public let path: String
    public let fingerprint: String
    public let name: String

    /// Reads and decodes the file at `path`; one-line errors for a missing, truncated or foreign file.
    public init(path: String) throws {
        let data = try ModelFile.read(path)
        model = try ModelFile.decode(data, name: path).model
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
        fingerprint = ModelFile.fingerprint(of: data)
        name = FileStem.of(path)
    }

    /// The file's name with its extension, as training records name the models they learnt from.
    public var fileName: String { (path as NSString).lastPathComponent }
}
