import CMIRKit
import CMIRTestSupport
import Foundation

/// The bundled demo (Assets/demo) and one index of it, built once per test run with `cmir index`.
enum DemoFixture {
    static let assets = TestImages.checkoutRoot.appendingPathComponent("Assets")
    static let repository = assets.appendingPathComponent("demo/bf").path
    static let queries = assets.appendingPathComponent("demo/shg").path
    static let stems = ["1B_B7", "1B_D2", "1B_H7", "2B_E7", "X01Y15", "X05Y15", "sa stroma pancreas 2000 - 10",
                        "sa stroma pancreas 2000 - 86"]
    /// The virtual slide of the same cores beside the images (scripts/make-demo-slide), and where each core lies on it.
    static let slide = "tma-demo"
    static let slideTruth = assets.appendingPathComponent("demo/tma-demo-truth.csv").path
    /// What the repository's status row counts.
    static let counts = "8 images · 1 slide"

    /// Path of the demo index, or the reason it could not be built.
    static let index: Result<String, IndexBuildError> = {
        let folder = TestImages.temporaryDirectory()
        let path = folder.appendingPathComponent("demo.cmirindex").path
        do {
            let result = try CommandRunner.run(["index", repository, "--out", path])
            guard result.status == 0 else { return .failure(IndexBuildError(description: result.stderr)) }
            return .success(path)
        } catch {
            return .failure(IndexBuildError(description: "\(error)"))
        }
    }()

    struct IndexBuildError: Error, CustomStringConvertible { let description: String }
}
