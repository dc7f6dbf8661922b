import COpenSlide
import Foundation

/// Telling slides from ordinary images, so that a repository folder can mix both: slides go to `Slide`,
/// images to `ImageFile` (OpenCV).
extension Slide {
    /// Extensions only slides use (Aperio, Hamamatsu, MIRAX, Leica, Ventana): always read as slides, so that a
    /// damaged one gets a slide's error message rather than OpenCV's.
    public static let slideExtensions: Set<String> = ["svs", "svslide", "ndpi", "vms", "vmu", "mrxs", "scn", "bif"]

    /// Extensions shared with ordinary images: such a file is a slide only when OpenSlide finds a pyramid in it.
    public static let sharedExtensions: Set<String> = ["tif", "tiff"]

    /// Every extension a slide may have.
    public static var fileExtensions: Set<String> { slideExtensions.union(sharedExtensions) }

    /// OpenSlide's name of the file's format ("aperio", "generic-tiff", ...), or nil when it recognises none.
    /// Reads only the file's header and directory.
    public static func detectVendor(_ path: String) -> String? {
        _ = libraryMessagesSilenced
        return openslide_detect_vendor(path).map { String(cString: $0) }
    }

    /// Whether `path` should be read as a slide: a slide-only extension (.svs, .ndpi, .mrxs, ...), or a TIFF
    /// that OpenSlide reads as a vendor format or as a pyramid of more than one level, or whose one level is above
    /// what `ImageFile` decodes. A plain single-image TIFF stays an image for OpenCV.
    public static func isSlide(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        if slideExtensions.contains(ext) { return true }
        guard sharedExtensions.contains(ext), let vendor = detectVendor(path) else { return false }
        if vendor != "generic-tiff" { return true }
        guard let slide = try? Slide(path: path) else { return false }
        return slide.levels.count > 1 || slide.width * slide.height > ImageFile.maximumPixels
    }

    /// Whether OpenSlide can open `path` and read its pixels.
    public static func canOpen(_ path: String) -> Bool {
        (try? Slide(path: path)) != nil
    }
}
