import Foundation

/// Lists the image files of a folder, the unit that repositories and query sets are made of.
public enum ImageDirectory {
    /// File extensions of repository files: images, and slides (`Slide.isSlide` tells a pyramidal TIFF from an image).
    public static let extensions: Set<String> = Set(["png", "jpg", "jpeg", "tif", "tiff", "bmp"]).union(Slide.slideExtensions)

    /// Image file paths directly inside `directory` (not recursive, hidden files skipped), sorted by name.
    public static func imagePaths(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw CMIRError.input("\(directory): no such folder")
        }
        guard isDirectory.boolValue else { throw CMIRError.input("\(directory): not a folder") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw CMIRError.input("\(directory): cannot be listed")
        }
        return names
            .filter { !$0.hasPrefix(".") && extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}
