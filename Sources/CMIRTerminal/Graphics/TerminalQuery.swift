import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends an escape-sequence query to the controlling terminal and collects its reply.
enum TerminalQuery {
    /// Writes `query` to /dev/tty in raw mode and reads until `complete` says the reply is whole or
    /// `timeout` passes. Returns nil when there is no controlling terminal.
    static func ask(_ query: String, until complete: ([UInt8]) -> Bool, timeout: Duration) -> [UInt8]? {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &raw.c_cc) {
            $0.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 0
                cc[Int(VTIME)] = 0
            }
        }
        guard tcsetattr(tty, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(tty, TCSANOW, &saved) }
        let bytes = Array(query.utf8)
        guard write(tty, bytes, bytes.count) == bytes.count else { return nil }
        var reply: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 256)
        while !complete(reply) {
            let milliseconds = (deadline - ContinuousClock.now).pollMilliseconds
            if milliseconds <= 0 { break }
            var descriptor = pollfd(fd: tty, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, milliseconds) > 0 else { break }
            let count = read(tty, &buffer, buffer.count)
            if count <= 0 { break }
            reply.append(contentsOf: buffer[0..<count])
        }
        return reply
    }
}
