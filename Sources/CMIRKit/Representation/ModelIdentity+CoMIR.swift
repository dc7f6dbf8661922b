import Foundation

extension ModelIdentity {
    /// The identity an index records for a CoMIR model: its standardised path (so the index names the file
    /// wherever it is opened from) and the network's fingerprint (so a changed model file is noticed).
    public init(modelPath path: String, representation: CoMIRRepresentation) {
        self.init(path: URL(fileURLWithPath: path).standardizedFileURL.path, hash: representation.modelFingerprint)
    }
}
