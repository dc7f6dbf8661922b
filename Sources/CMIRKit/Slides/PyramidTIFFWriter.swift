import CTIFF
import Foundation

/// Writes a tiled pyramidal TIFF through libtiff, one row of tiles at a time: each level is a tiled directory half
/// the size of the one before (the later ones marked reduced-resolution), so OpenSlide reads it as a pyramid.
/// Tiles of a row are rendered in parallel into one reused row buffer and written in order; memory holds one row
/// of tiles, whatever the slide's size.
struct PyramidTIFFWriter {
    var tileSize = 256
    /// Tiles are JPEG in YCbCr, as Aperio's scanners write them, at this quality (1-100). Not deflate: OpenSlide
    /// 3.4 reads deflate tiles through libtiff's RGBA interface, which misplaces the rows of a level lower than one tile.
    var jpegQuality = 90

    /// Writes levels 0..<levelCount of a width x height image to `path`. `description` becomes the first
    /// directory's ImageDescription; resolution tags record `micronsPerPixel`. `tile(level, column, row,
    /// levelWidth, levelHeight, buffer)` fills tileSize x tileSize interleaved RGB; `rowDone` is called after each
    /// written row of tiles with the count written so far and the total over all levels.
    func write(to path: String, width: Int, height: Int, levelCount: Int, description: String,
               micronsPerPixel: Double, tile: (Int, Int, Int, Int, Int, UnsafeMutableBufferPointer<UInt8>) -> Void,
               rowDone: (Int, Int) -> Void = { _, _ in }) throws {
        let sizes = (0..<levelCount).map { (max(1, width >> $0), max(1, height >> $0)) }
        // Classic TIFF offsets end at 4 GiB; above 3 GB of raw pixels write BigTIFF (OpenSlide reads both).
        let rawBytes = sizes.reduce(0) { $0 + $1.0 * $1.1 * 3 }
        guard let tiff = TIFFOpen(path, rawBytes > 3_000_000_000 ? "w8" : "w") else {
            throw CMIRError.failure("\(path): cannot be created")
        }
        var closed = false
        defer { if !closed { TIFFClose(tiff) } }
        let totalRows = sizes.reduce(0) { $0 + ($1.1 + tileSize - 1) / tileSize }
        var rowsWritten = 0
        let tileBytes = tileSize * tileSize * 3
        var rowBuffer = [UInt8](repeating: 0, count: (sizes[0].0 + tileSize - 1) / tileSize * tileBytes)
        for (level, size) in sizes.enumerated() {
            try setTags(tiff, level: level, width: size.0, height: size.1,
                        description: level == 0 ? description : nil, micronsPerPixel: micronsPerPixel * Double(1 << level))
            let across = (size.0 + tileSize - 1) / tileSize, down = (size.1 + tileSize - 1) / tileSize
            for row in 0..<down {
                try rowBuffer.withUnsafeMutableBufferPointer { all in
                    let base = all.baseAddress!
                    ParallelMap.forEach(across) { column in
                        tile(level, column, row, size.0, size.1,
                             UnsafeMutableBufferPointer(start: base + column * tileBytes, count: tileBytes))
                    }
                    for column in 0..<across {
                        let index = TIFFComputeTile(tiff, UInt32(column * tileSize), UInt32(row * tileSize), 0, 0)
                        if TIFFWriteEncodedTile(tiff, index, base + column * tileBytes, tmsize_t(tileBytes)) < 0 {
                            throw CMIRError.failure("\(path): cannot write tile \(column),\(row) of level \(level)")
                        }
                    }
                }
                rowsWritten += 1
                rowDone(rowsWritten, totalRows)
            }
            if TIFFWriteDirectory(tiff) == 0 { throw CMIRError.failure("\(path): cannot write level \(level)") }
        }
        closed = true
        TIFFClose(tiff)
    }

    private func setTags(_ tiff: OpaquePointer, level: Int, width: Int, height: Int, description: String?,
                         micronsPerPixel: Double) throws {
        var ok = true
        func set(_ tag: Int32, _ value: Int) { ok = ok && cmir_tiff_set_int(tiff, UInt32(tag), Int32(value)) == 1 }
        set(TIFFTAG_SUBFILETYPE, level == 0 ? 0 : Int(FILETYPE_REDUCEDIMAGE))
        set(TIFFTAG_IMAGEWIDTH, width)
        set(TIFFTAG_IMAGELENGTH, height)
        set(TIFFTAG_TILEWIDTH, tileSize)
        set(TIFFTAG_TILELENGTH, tileSize)
        set(TIFFTAG_BITSPERSAMPLE, 8)
        set(TIFFTAG_SAMPLESPERPIXEL, 3)
        set(TIFFTAG_PLANARCONFIG, Int(PLANARCONFIG_CONTIG))
        set(TIFFTAG_COMPRESSION, Int(COMPRESSION_JPEG))
        set(TIFFTAG_PHOTOMETRIC, Int(PHOTOMETRIC_YCBCR))
        ok = ok && cmir_tiff_set_int_pair(tiff, UInt32(TIFFTAG_YCBCRSUBSAMPLING), 2, 2) == 1
        // libtiff converts the RGB we hand it to YCbCr.
        set(TIFFTAG_JPEGCOLORMODE, Int(JPEGCOLORMODE_RGB))
        set(TIFFTAG_JPEGQUALITY, jpegQuality)
        set(TIFFTAG_RESOLUTIONUNIT, Int(RESUNIT_CENTIMETER))
        ok = ok && cmir_tiff_set_double(tiff, UInt32(TIFFTAG_XRESOLUTION), 10_000 / micronsPerPixel) == 1
        ok = ok && cmir_tiff_set_double(tiff, UInt32(TIFFTAG_YRESOLUTION), 10_000 / micronsPerPixel) == 1
        ok = ok && cmir_tiff_set_string(tiff, UInt32(TIFFTAG_SOFTWARE), "cmir make-slides") == 1
        if let description { ok = ok && cmir_tiff_set_string(tiff, UInt32(TIFFTAG_IMAGEDESCRIPTION), description) == 1 }
        if !ok { throw CMIRError.failure("cannot set the TIFF tags of level \(level)") }
    }
}
