import CMIRKit
import Foundation

extension ModelIdentity {
    /// The identity `cmir index --model PATH` records for a CoMIR index, so that the indexes the benchmarks build
    /// are the ones the CLI would (it finds them up to date and searches them with the same networks).
    init(modelPath path: String, representation: CoMIRRepresentation) {
        self.init(path: URL(fileURLWithPath: path).standardizedFileURL.path, hash: representation.modelFingerprint)
    }
}
