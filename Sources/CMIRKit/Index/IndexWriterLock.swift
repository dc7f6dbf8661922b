import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writer per index: an exclusive `flock` on `INDEX.lock`, held for the whole build. The kernel releases it
/// when the process ends however it ends, so a killed run never leaves the index locked. The holder writes who it
/// is into the file, so that a second writer is told which process has the index and since when.
final class IndexWriterLock {
    private let descriptor: Int32
    let path: String

    /// Takes the lock of the index at `indexPath`, or throws naming the process that holds it.
    init(indexPath: String) throws {
        path = indexPath + ".lock"
        while true {
            let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw CMIRError.input("\(path): cannot create the index's lock file") }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let holder = Self.holder(descriptor)
                close(descriptor)
                throw CMIRError.failure("\(indexPath): being updated by \(holder); try again when it has finished")
            }
            // A holder that just finished may have removed the file we opened: lock the file at the path now.
            var opened = stat(), current = stat()
            if fstat(descriptor, &opened) == 0, stat(path, &current) == 0,
               opened.st_ino == current.st_ino, opened.st_dev == current.st_dev {
                self.descriptor = descriptor
                break
            }
            close(descriptor)
        }
        let note = "process \(getpid()) since \(Self.timestamp()) (cmir index)\n"
        _ = ftruncate(descriptor, 0)
        _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Removes the lock file and releases the lock (in that order, so that a waiting writer re-checks the path).
    func release() {
        unlink(path)
        close(descriptor)
    }

    /// Who holds the lock: the note the holder wrote, or, when it has not written it yet, the process the kernel's
    /// lock table (/proc/locks) names for the file, since the file's creation.
    private static func holder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        if !text.isEmpty { return text }
        var info = stat()
        guard fstat(descriptor, &info) == 0, let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else {
            return "another process"
        }
        // Lines read "1: FLOCK  ADVISORY  WRITE 1234 08:01:56789 0 EOF": the holder's pid, then device and inode.
        let file = ":\(info.st_ino)"
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 6, fields[1] == "FLOCK", fields[5].hasSuffix(file), let pid = Int(fields[4]) {
                return "process \(pid) since \(timestamp(Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))))"
            }
        }
        return "another process"
    }

    private static func timestamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}
