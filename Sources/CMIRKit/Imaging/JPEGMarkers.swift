/// The marker structure of a JPEG file, walked without decoding: its frame header and whether the end-of-image
/// marker (0xFFD9) is there. A file cut short has none: libjpeg then warns "premature end of JPEG file" and
/// decodes what is there, so OpenCV hands over an image whose cut-off part is not image data.
struct JPEGMarkers {
    /// The first frame header (SOFn): sample precision in bits, size and component count.
    struct Frame {
        var marker: UInt8
        var precision: Int
        var width: Int
        var height: Int
        var components: Int
    }

    var frame: Frame?
    var reachesEndOfImage = false

    /// Walks `bytes` from the start-of-image marker; nil when they do not start with one. Segments are skipped by
    /// their lengths (an embedded thumbnail is not mistaken for the image), entropy-coded data up to the next
    /// marker, and stray bytes between markers as libjpeg skips them.
    init?(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n >= 2, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        func be16(_ i: Int) -> Int { Int(bytes[i]) << 8 | Int(bytes[i + 1]) }
        var i = 2
        while true {
            while i < n && bytes[i] != 0xFF { i += 1 }
            while i < n && bytes[i] == 0xFF { i += 1 }
            guard i < n else { return }
            let marker = bytes[i]
            i += 1
            if marker == 0xD9 { reachesEndOfImage = true; return }
            if marker == 0x00 || marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }
            guard i + 2 <= n else { return }
            let length = be16(i)
            guard length >= 2, i + length <= n else { return }
            let isFrame = (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
            if isFrame, frame == nil, length >= 8 {
                frame = Frame(marker: marker, precision: Int(bytes[i + 2]), width: be16(i + 5), height: be16(i + 3),
                              components: Int(bytes[i + 7]))
            }
            i += length
            if marker == 0xDA { i = Self.endOfEntropyCodedData(bytes, from: i) }
        }
    }

    /// The index of the first marker after entropy-coded data starting at `start` (0xFF followed by neither a
    /// stuffed 0x00 nor a restart marker), or the end of the bytes.
    private static func endOfEntropyCodedData(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 0xFF {
                let next = bytes[i + 1]
                if next != 0x00 && next != 0xFF && !(0xD0...0xD7).contains(next) { return i }
                if next != 0xFF { i += 1 }
            }
            i += 1
        }
        return bytes.count
    }
}
