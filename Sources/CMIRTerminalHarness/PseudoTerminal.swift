import CMIRKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program in a pseudo-terminal, as a user's terminal would: the child gets its own session with
/// the pty as controlling terminal (so Ctrl-C and SIGWINCH reach it), a window size with pixel fields,
/// and whatever bytes the test types.
public final class PseudoTerminal {
    public let pid: pid_t
    private let master: Int32
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`; `environment` is added to a minimal one (PATH, HOME, TERM).
    public init(executable: URL, arguments: [String], environment: [String: String] = [:],
                columns: Int, rows: Int, cell: (width: Int, height: Int) = (10, 20)) throws {
        // posix_openpt/unlockpt/ptsname are hidden from Swift's Glibc module; this is what they do on Linux.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, Self.setLock, &unlock) == 0, ioctl(master, Self.getNumber, &number) == 0 else {
            throw PseudoTerminalError("cannot open a pseudo-terminal")
        }
        let slavePath = "/dev/pts/\(number)"
        self.master = master
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                    "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp",
                    "TERM": "xterm-256color", "LANG": "C.UTF-8"]
        for (key, value) in environment { base[key] = value }
        Self.setSize(master, columns: columns, rows: rows, cell: cell)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid (below), opening the slave makes it the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(Self.spawnSetSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = base.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(master)
            throw PseudoTerminalError("cannot start \(executable.path): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    /// Linux ioctl numbers and spawn flag that Swift cannot import (function-like macros, _GNU_SOURCE).
    private static let setLock = UInt(0x4004_5431)     // TIOCSPTLCK
    private static let getNumber = UInt(0x8004_5430)   // TIOCGPTN
    private static let spawnSetSID: Int32 = 0x80       // POSIX_SPAWN_SETSID

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    private static func setSize(_ fd: Int32, columns: Int, rows: Int, cell: (width: Int, height: Int)) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns),
                           ws_xpixel: UInt16(columns * cell.width), ws_ypixel: UInt16(rows * cell.height))
        _ = ioctl(fd, UInt(TIOCSWINSZ), &size)
    }

    /// Changes the window size; the kernel sends SIGWINCH to the child.
    public func resize(columns: Int, rows: Int, cell: (width: Int, height: Int) = (10, 20)) {
        Self.setSize(master, columns: columns, rows: rows, cell: cell)
    }

    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
            if written <= 0 { if errno == EINTR || errno == EAGAIN { continue }; return }
            offset += written
        }
    }

    public func send(_ text: String) { send(Array(text.utf8)) }

    /// Output available within `timeout` (empty when none came, or the child closed the terminal).
    public func read(timeout: Duration) -> [UInt8] {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: Int(max(0, (timeout.inSeconds * 1000).rounded(.up))))
        guard Glibc.poll(&descriptor, 1, milliseconds) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = Glibc.read(master, &buffer, buffer.count)
        return count > 0 ? Array(buffer[0..<count]) : []
    }

    /// The child's wait status once it has exited, nil while it runs.
    public func exitStatusIfExited() -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
        return exitStatus
    }

    public func signal(_ number: Int32) { kill(pid, number) }
}

/// Decoding of `waitpid` statuses (the C macros are not imported).
public enum WaitStatus {
    public static func exitCode(_ status: Int32) -> Int32? { status & 0x7F == 0 ? (status >> 8) & 0xFF : nil }
    public static func signal(_ status: Int32) -> Int32? {
        let signal = status & 0x7F
        return signal != 0 && signal != 0x7F ? signal : nil
    }
}

public struct PseudoTerminalError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
