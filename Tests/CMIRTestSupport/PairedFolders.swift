import CMIRKit
import Foundation

/// Two folders of aligned training pairs `p0`, `p1` for `cmir train`: RGB and a gray function of it.
public enum PairedFolders {
    /// Writes `rgb/` and `gray/` into `folder` and returns their paths; `grayNames` and `graySize` make pairs that
    /// do not match.
    public static func write(in folder: URL, grayNames: [String] = ["p0", "p1"], graySize: Int = 32) throws -> (rgb: String, gray: String) {
        let rgb = folder.appendingPathComponent("rgb"), gray = folder.appendingPathComponent("gray")
        try FileManager.default.createDirectory(at: rgb, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: gray, withIntermediateDirectories: true)
        for (index, name) in ["p0", "p1"].enumerated() {
            let image = TestImages.pattern(width: 32 + 8 * index, height: 32, channels: 3)
            try ImageFile.save(image, to: rgb.appendingPathComponent(name + ".png").path)
        }
        for (index, name) in grayNames.enumerated() {
            let image = TestImages.pattern(width: graySize + 8 * index, height: 32, channels: 3).grayscale()
            try ImageFile.save(image, to: gray.appendingPathComponent(name + ".png").path)
        }
        return (rgb.path, gray.path)
    }

    /// Options that make `cmir train` take milliseconds per iteration.
    public static let tinyTraining = ["--levels", "2", "--width", "2", "--crop", "16", "--batch", "4"]
}
