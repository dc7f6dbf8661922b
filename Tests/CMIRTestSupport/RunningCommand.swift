import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `cmir` started in the background, for tests that act on it while it runs (signals, files it writes).
/// It starts as from a shell: no signal blocked or ignored, whatever the spawning test thread blocks. Its output
/// goes to files, so it never blocks on a full pipe and can be read while it runs; `finish` also reports its
/// peak memory (the kernel's account of this one child).
public final class RunningCommand {
    private let pid: pid_t
    private let folder = TestImages.temporaryDirectory()
    private let outURL: URL, errURL: URL
    private var result: CommandRunner.Result?

    /// Starts `cmir` (or another program: `executable`, a path) with arguments and extra environment; its stdin is
    /// /dev/null.
    public init(_ arguments: [String], environment: [String: String] = [:], executable: String = CommandRunner.executable.path) throws {
        outURL = folder.appendingPathComponent("stdout")
        errURL = folder.appendingPathComponent("stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(executable): error \(status)"]) }
        pid = child
    }

    deinit {
        if result == nil { kill(pid, SIGKILL); _ = try? finish() }
        try? FileManager.default.removeItem(at: folder)
    }

    public var processIdentifier: pid_t { pid }

    /// Whether the command has not ended yet (it is not reaped until `finish`).
    public var isRunning: Bool {
        guard result == nil else { return false }
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0
    }

    /// What the command wrote to stderr so far.
    public var stderr: String { String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self) }

    public func signal(_ number: Int32) { if result == nil { kill(pid, number) } }

    /// Waits until `condition` holds or `seconds` pass; returns whether it held.
    public func wait(upTo seconds: Double, for condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    /// Waits for the command to end, or kills it after `seconds`, and returns its status (128 + N when signal N
    /// ended it, as a shell reports it), output and peak memory.
    public func finish(killingAfter seconds: Double = .infinity) throws -> CommandRunner.Result {
        if let result { return result }
        if seconds.isFinite, !wait(upTo: seconds, for: { !isRunning }) { kill(pid, SIGKILL) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        let finished = CommandRunner.Result(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
                                            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                                            stderr: stderr, peakMemoryKilobytes: usage.ru_maxrss)
        result = finished
        return finished
    }
}
