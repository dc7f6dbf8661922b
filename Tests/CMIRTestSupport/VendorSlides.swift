import CMIRKit
import Foundation

/// Real slide files of vendor formats, as openslide-python's source package ships them for its own tests, fetched
/// by `Tests/fetch-vendor-slides` (part of `make test-deps`): `small.svs` (Aperio, 16 x 16, 0.499 µm per pixel),
/// `boxes.tiff` (a generic tiled pyramidal TIFF of four levels) and `unreadable.svs` (an Aperio file whose tiles
/// cannot be decoded).
public enum VendorSlides {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../.build/vendor-slides").standardizedFileURL

    /// The fixture's path; an error naming the command that fetches it when it is missing.
    public static func path(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CMIRError.input("\(path) is missing: run Tests/fetch-vendor-slides (make test-deps does)")
        }
        return path
    }
}
