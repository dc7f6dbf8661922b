import Foundation

/// A temporary folder of textured images indexed raw through the `cmir` executable, for command tests; the caller
/// removes `folder`.
public struct IndexedFolder {
    public let folder: URL
    public let images: URL
    /// The image paths, sorted.
    public let paths: [String]
    public let index: String

    public init(count: Int, vocabulary: Int = 40) throws {
        folder = TestImages.temporaryDirectory()
        images = folder.appendingPathComponent("images")
        paths = try TexturedImages.writeFolder(images, count: count)
        index = folder.appendingPathComponent("i.cmirindex").path
        let built = try CommandRunner.run(["index", images.path, "--out", index, "--vocabulary", String(vocabulary)])
        guard built.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: built.stderr]) }
    }
}
