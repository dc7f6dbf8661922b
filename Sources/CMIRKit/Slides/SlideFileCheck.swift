import Foundation

/// The checks before OpenSlide sees a file, and the reason given when it does not recognise one, so that a
/// missing, empty, foreign or truncated file each get their own one-line message.
enum SlideFileCheck {
    /// Throws `CMIRError.input` when `path` is missing, a folder, unreadable or empty.
    static func requireReadableFile(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CMIRError.input("\(path): no such file")
        }
        if isDirectory.boolValue { throw CMIRError.input("\(path): is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CMIRError.input("\(path): cannot be read") }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        if size == 0 { throw CMIRError.input("\(path): empty file") }
    }

    /// Why OpenSlide found no format in a readable file: a TIFF it cannot parse is most likely damaged or
    /// truncated (or a plain, untiled TIFF); anything else is not a slide at all.
    static func unrecognisedReason(_ path: String) -> String {
        if startsAsTIFF(path) {
            return "a TIFF that OpenSlide cannot read as a slide (damaged, truncated or not tiled)"
        }
        return "not a slide: OpenSlide recognises no slide format in it"
    }

    /// Whether the file begins with a TIFF or BigTIFF header, little- or big-endian.
    static func startsAsTIFF(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        guard head.count == 4 else { return false }
        let little = head[0] == 0x49 && head[1] == 0x49 && (head[2] == 42 || head[2] == 43) && head[3] == 0
        let big = head[0] == 0x4D && head[1] == 0x4D && head[2] == 0 && (head[3] == 42 || head[3] == 43)
        return little || big
    }
}
