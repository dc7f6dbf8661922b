import CMIRKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The self-pipe that wakes the browser's event loop, which otherwise sleeps in poll(2) and uses no CPU:
/// signal handlers (resize, continue) and background work (search progress, completion) write one byte
/// naming the reason; the loop reads them when it wakes.
public final class WakeUpPipe: Sendable {
    public enum Reason: UInt8, Sendable {
        case resized = 0x57      // "W"
        case continued = 0x43    // "C"
        case backgroundWork = 0x54  // "T"
    }

    public let readDescriptor: Int32
    public let writeDescriptor: Int32

    public init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CMIRError.failure("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Async-signal-safe: one write(2). A full pipe already guarantees a wake-up, so failure is harmless.
    public func wake(_ reason: Reason) {
        var byte = reason.rawValue
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Everything written since the last drain (without blocking).
    public func drain() -> Set<Reason> {
        var reasons = Set<Reason>()
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readDescriptor, &buffer, buffer.count)
            if count <= 0 { break }
            for byte in buffer[0..<count] { if let reason = Reason(rawValue: byte) { reasons.insert(reason) } }
        }
        return reasons
    }
}
