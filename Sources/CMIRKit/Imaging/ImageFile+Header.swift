import Foundation

extension ImageFile {
    /// Size, channels and bit depth of an image file as `load` would decode it. PNG, JPEG and TIFF files are read
    /// from their headers and checked by their structure (PNG chunk checksums, JPEG markers to the end of the
    /// image, TIFF strips within the file), without decoding a pixel, so a 100-megapixel file costs what its bytes
    /// do; other formats, and header variants this reading does not cover, are decoded. Unreadable files throw as
    /// `load` does; a truncated JPEG, which `load` decodes as far as it goes, is reported in `damage`.
    public static func header(atPath path: String) throws -> ImageFileHeader {
        if let header = try tiffHeaderWithoutDecoding(path: path) { return header }
        return try header(of: contents(of: path), name: path)
    }

    /// `header(atPath:)` of encoded bytes held in memory; `name` appears in error messages.
    public static func header(of data: Data, name: String) throws -> ImageFileHeader {
        if let header = try data.withUnsafeBytes({ try headerWithoutDecoding($0, name: name) }) { return header }
        let loaded = try decode(data, name: name)
        return ImageFileHeader(width: loaded.image.width, height: loaded.image.height, channels: loaded.image.channels,
                               bitsPerSample: loaded.bitsPerSample, damage: damage(of: data))
    }

    /// The first `count` bytes of a file (fewer for a shorter file), or nil when it cannot be opened.
    private static func leadingBytes(of path: String, count: Int) -> Data? {
        FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: count) }  // closed when released
    }

    /// Why an encoded image that decodes does not hold the whole image (a JPEG cut short), or nil.
    static func damage(of data: Data) -> String? {
        data.withUnsafeBytes { JPEGMarkers($0) }.flatMap(truncation(of:))
    }

    private static func truncation(of markers: JPEGMarkers) -> String? {
        markers.reachesEndOfImage ? nil : "truncated JPEG (it ends before its end-of-image marker: the rest of the image is missing)"
    }

    /// The header of a PNG or JPEG file whose kind OpenCV decodes as this says (see its PNG and JPEG readers);
    /// nil for anything else, which is decoded instead.
    private static func headerWithoutDecoding(_ bytes: UnsafeRawBufferPointer, name: String) throws -> ImageFileHeader? {
        if let png = PNGChunks(bytes) {
            if let damage = png.damage { throw CMIRError.input("\(name): \(damage)") }
            let depths: [Int: Set<Int>] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
            guard depths[png.colorType]?.contains(png.bitDepth) == true, withinLimits(png.width, png.height) else { return nil }
            // Palette and RGB with a transparent colour become RGBA; gray keeps one channel even then.
            let channels = switch png.colorType {
            case 0: 1
            case 2, 3: png.hasTransparency ? 4 : 3
            default: 4
            }
            return ImageFileHeader(width: png.width, height: png.height, channels: channels,
                                   bitsPerSample: png.bitDepth == 16 ? 16 : 8, damage: nil)
        }
        if let jpeg = JPEGMarkers(bytes), let frame = jpeg.frame {
            // Baseline, extended and progressive Huffman frames of 8-bit gray or colour samples.
            guard [0xC0, 0xC1, 0xC2].contains(frame.marker), frame.precision == 8, [1, 3].contains(frame.components),
                  withinLimits(frame.width, frame.height) else { return nil }
            return ImageFileHeader(width: frame.width, height: frame.height, channels: frame.components,
                                   bitsPerSample: 8, damage: truncation(of: jpeg))
        }
        return nil
    }

    /// The header of a TIFF file of a kind OpenCV decodes as this says: 8- or 16-bit unsigned gray, RGB or RGBA, or
    /// 32-bit float gray, samples interleaved, under a common compression; nil for anything else (and for what is
    /// not a TIFF), which is decoded instead. libtiff reads the fields, and nothing else, from the file.
    private static func tiffHeaderWithoutDecoding(path: String) throws -> ImageFileHeader? {
        guard let magic = leadingBytes(of: path, count: 4), magic == Data("II*\0".utf8) || magic == Data("MM\0*".utf8),
              let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int,
              let tiff = TIFFFields(path: path, size: size) else { return nil }
        guard tiff.dataWithinFile else { throw CMIRError.input("\(path): truncated TIFF (its image data run past the end of the file)") }
        let channels: Int
        switch (tiff.photometric, tiff.samplesPerPixel) {
        case (0...1, 1): channels = 1  // white or black is zero
        case (2, 3...4): channels = Int(tiff.samplesPerPixel)  // RGB, with alpha as the fourth
        default: return nil
        }
        let integer = [8, 16].contains(tiff.bitsPerSample) && tiff.sampleFormat == 1
        let float = tiff.bitsPerSample == 32 && tiff.sampleFormat == 3 && channels == 1
        // None, LZW, Deflate (both codes), PackBits.
        guard integer || float, [1, 5, 8, 32946, 32773].contains(tiff.compression), tiff.planarConfiguration == 1,
              withinLimits(Int(tiff.width), Int(tiff.height)) else { return nil }
        return ImageFileHeader(width: Int(tiff.width), height: Int(tiff.height), channels: channels,
                               bitsPerSample: Int(tiff.bitsPerSample), damage: nil)
    }

    /// Whether a size is one `decode` accepts (above the limit it refuses the file from its header).
    private static func withinLimits(_ width: Int, _ height: Int) -> Bool {
        width > 0 && height > 0 && width.multipliedReportingOverflow(by: height).partialValue <= maximumPixels
    }
}
