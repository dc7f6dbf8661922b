import COpenSlide
import Foundation

/// A whole-slide image opened through OpenSlide (Aperio .svs, Hamamatsu .ndpi, MIRAX .mrxs, Leica .scn,
/// pyramidal TIFF, ...). Only regions are ever read, so memory stays bounded whatever the slide's size.
/// The label and macro images (photographs of the glass label, which can carry patient data) are never read
/// and not exposed. OpenSlide handles are thread-safe, so one `Slide` serves concurrent `readRegion` calls;
/// the handle is closed when the slide is released.
public final class Slide: Sendable {
    /// The file as given.
    public let path: String
    /// OpenSlide's name of the format ("aperio", "hamamatsu", "generic-tiff", ...).
    public let vendor: String
    /// The pyramid, level 0 (full resolution) first, without the coarsest levels OpenSlide cannot decode reliably
    /// (see `skippedLevels`).
    public let levels: [SlideLevel]
    /// Coarsest levels of the file left out of `levels`: levels narrower or lower than one of their tiles whose
    /// tiles OpenSlide 3.4 decodes through libtiff (`TIFFTileDecoding`). It returns pixels of such a level that
    /// change from read to read (seen on a generic pyramidal TIFF with uncompressed tiles), which made the tissue
    /// found on a slide differ between runs. The next finer level holds the same at most twice the size.
    public let skippedLevels: Int
    /// Microns per level-0 pixel in x and y, when the file records it (`openslide.mpp-x`/`-y`).
    public let micronsPerPixel: (x: Double, y: Double)?

    /// Safe to share: OpenSlide's handle is documented thread-safe for reads, and it is only closed in deinit,
    /// when no other reference can use it.
    nonisolated(unsafe) private let handle: OpaquePointer

    /// Opens `path`; a missing, empty, foreign, unsupported or damaged file is a `CMIRError.input` naming it.
    public init(path: String) throws {
        try SlideFileCheck.requireReadableFile(path)
        guard let vendorName = Self.detectVendor(path) else {
            throw CMIRError.input("\(path): \(SlideFileCheck.unrecognisedReason(path))")
        }
        guard let handle = openslide_open(path) else {
            throw CMIRError.input("\(path): not a slide format OpenSlide can open (\(vendorName))")
        }
        if let error = openslide_get_error(handle) {
            let reason = String(cString: error)
            openslide_close(handle)
            throw CMIRError.input("\(path): damaged or truncated slide (\(Self.oneLine(reason)))")
        }
        self.path = path
        self.handle = handle
        vendor = Self.property(handle, "openslide.vendor") ?? vendorName
        let count = Int(openslide_get_level_count(handle))
        let all = (0..<max(count, 0)).map { level in
            var width: Int64 = 0, height: Int64 = 0
            openslide_get_level_dimensions(handle, Int32(level), &width, &height)
            return SlideLevel(width: Int(width), height: Int(height),
                              downsample: openslide_get_level_downsample(handle, Int32(level)))
        }
        let smallerThanATile = all.indices.dropFirst().filter { level in
            let tile = ["width", "height"].map { Self.property(handle, "openslide.level[\(level)].tile-\($0)").flatMap(Int.init) ?? 0 }
            return all[level].width < tile[0] || all[level].height < tile[1]
        }
        let libtiffSizes = smallerThanATile.isEmpty ? [] : TIFFTileDecoding.libtiffDecodedSizes(path: path)
        let unreliable = smallerThanATile.first { level in libtiffSizes.contains { $0 == (all[level].width, all[level].height) } }
        levels = Array(all.prefix(unreliable ?? all.count))
        skippedLevels = all.count - levels.count
        if let mppX = Self.property(handle, "openslide.mpp-x").flatMap(Double.init), mppX > 0,
           let mppY = Self.property(handle, "openslide.mpp-y").flatMap(Double.init), mppY > 0 {
            micronsPerPixel = (mppX, mppY)
        } else {
            micronsPerPixel = nil
        }
        // From here on deinit closes the handle when init throws.
        if levels.isEmpty || levels[0].width <= 0 || levels[0].height <= 0 {
            throw CMIRError.input("\(path): the slide has no image levels")
        }
        // A damaged file can open and fail only on its first pixels: read one from the coarsest level now.
        try checkReadable()
    }

    deinit { openslide_close(handle) }

    /// Size of level 0 in pixels.
    public var width: Int { levels[0].width }
    public var height: Int { levels[0].height }

    /// The region of `level` whose top-left corner is (x, y) in level-0 pixels (OpenSlide's convention) and whose
    /// size is width x height pixels of that level, as an RGB image in [0, 1] (the channel layout of
    /// `ImageFile.load`). Parts outside the slide, and transparent parts, read as white (the glass background).
    /// Regions above `ImageFile.maximumPixels` are refused; a read error (damaged tiles) is a `CMIRError.input`.
    public func readRegion(level: Int, x: Int, y: Int, width: Int, height: Int) throws -> Image {
        guard levels.indices.contains(level) else {
            throw CMIRError.input("\(path): no level \(level) (the slide has \(levels.count))")
        }
        guard width > 0, height > 0 else {
            throw CMIRError.input("\(path): a region needs a positive size, not \(width) x \(height)")
        }
        guard width.multipliedReportingOverflow(by: height).partialValue <= ImageFile.maximumPixels,
              width <= ImageFile.maximumPixels, height <= ImageFile.maximumPixels else {
            throw CMIRError.input("\(path): a \(width) x \(height) region is above the \(ImageFile.maximumPixels / 1_000_000) megapixel limit")
        }
        var argb = [UInt32](repeating: 0, count: width * height)
        openslide_read_region(handle, &argb, Int64(x), Int64(y), Int32(level), Int64(width), Int64(height))
        if let error = openslide_get_error(handle) {
            throw CMIRError.input("\(path): cannot read the slide (\(Self.oneLine(String(cString: error))))")
        }
        return Self.image(fromPremultipliedARGB: argb, width: width, height: height)
    }

    /// OpenSlide's premultiplied ARGB pixels as RGB planes composited over white: a premultiplied channel p with
    /// alpha a becomes (p + 255 - a) / 255, which un-premultiplies and fills transparency with the background.
    static func image(fromPremultipliedARGB argb: [UInt32], width: Int, height: Int) -> Image {
        let n = width * height
        var planes = [Float](repeating: 1, count: 3 * n)
        argb.withUnsafeBufferPointer { source in
            planes.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    let pixel = source[i]
                    let missing = Float(255 - (pixel >> 24))
                    out[i] = (Float((pixel >> 16) & 0xFF) + missing) / 255
                    out[n + i] = (Float((pixel >> 8) & 0xFF) + missing) / 255
                    out[2 * n + i] = (Float(pixel & 0xFF) + missing) / 255
                }
            }
        }
        return Image(width: width, height: height, channels: 3, pixels: planes)
    }

    private func checkReadable() throws {
        let top = levels.count - 1
        let level = levels[top]
        let x = Int(Double(level.width / 2) * level.downsample), y = Int(Double(level.height / 2) * level.downsample)
        do {
            _ = try readRegion(level: top, x: x, y: y, width: 1, height: 1)
        } catch {
            throw CMIRError.input("\(path): damaged or truncated slide (its pixels cannot be read)")
        }
    }

    private static func property(_ handle: OpaquePointer, _ name: String) -> String? {
        openslide_get_property_value(handle, name).map { String(cString: $0) }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
