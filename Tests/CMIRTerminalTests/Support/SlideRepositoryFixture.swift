import CMIRKit
import CMIRTestSupport
import Foundation

/// A repository of two small virtual slides and an ordinary image beside them, indexed raw with SIFT, and the
/// full-core queries `make-slides` writes: what the slide viewer's end-to-end tests browse.
struct SlideRepositoryFixture {
    let folder: URL
    let slides: URL
    let queries: String
    let index: String

    /// Builds a fresh repository (each test that damages a slide needs its own).
    init() throws {
        folder = TestImages.temporaryDirectory()
        try SlideFixtures.writeSourceFolders(folder, count: 4, queries: 2, side: 192)
        let out = folder.appendingPathComponent("out")
        let bf = folder.appendingPathComponent("bf").path
        let made = try CommandRunner.run(["make-slides", bf, out.path, "--names", folder.appendingPathComponent("names.txt").path,
                                          "--seed", "3", "--slides", "2", "--megapixels", "6", "--patch", "64", "--shg", bf])
        guard made.status == 0 else { throw FixtureError(description: made.stderr) }
        slides = out.appendingPathComponent("slides")
        try ImageFile.save(TestImages.blobs(width: 200, height: 200, seed: 99), to: slides.appendingPathComponent("photo.png").path)
        queries = out.appendingPathComponent("queries/full").path
        index = folder.appendingPathComponent("slides.cmirindex").path
        let built = try CommandRunner.run(["index", slides.path, "--out", index, "--features", "sift", "--vocabulary", "200"])
        guard built.status == 0 else { throw FixtureError(description: built.stderr) }
    }

    func slide(_ number: Int) -> URL { slides.appendingPathComponent("tma-\(number).svs") }

    /// Cuts a slide file to `fraction` of its length, as a copy interrupted or a disk filled up would.
    func truncate(_ file: URL, to fraction: Double) throws {
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as! Int
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: UInt64(Double(size) * fraction))
        try handle.close()
    }

    struct FixtureError: Error, CustomStringConvertible { let description: String }
}
