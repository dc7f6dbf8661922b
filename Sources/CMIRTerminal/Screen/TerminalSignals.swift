import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Signal handling for the full-screen browser. Interrupts (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) and crashes
/// (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) first put the terminal back (leave the alternate
/// screen, show the cursor, mouse reporting off, the original tty modes) and then take their previous
/// course, so a crash still reports itself on a usable terminal. Ctrl-Z puts the terminal back, stops, and
/// takes it over again on resume. Resize and resume wake the event loop. Handlers touch nothing but
/// preallocated memory and async-signal-safe calls (write, tcsetattr, sigaction, raise).
enum TerminalSignals {
    static let restoring: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]
    static let handled: [Int32] = restoring + [SIGTSTP, SIGWINCH, SIGCONT]

    nonisolated(unsafe) private static var enterBytes = Buffer()
    nonisolated(unsafe) private static var leaveBytes = Buffer()
    nonisolated(unsafe) private static let originalModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) private static let rawModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) private static var wakeDescriptor: Int32 = -1
    nonisolated(unsafe) private static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    nonisolated(unsafe) private static let installed = UnsafeMutablePointer<Bool>.allocate(capacity: 65)

    /// Bytes kept where a signal handler can write them from.
    struct Buffer {
        var bytes: UnsafeMutablePointer<UInt8>?
        var count = 0
        init() {}
        init(_ source: [UInt8]) {
            let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, source.count))
            memory.initialize(from: source, count: source.count)
            bytes = memory
            count = source.count
        }
        func write() { if let bytes { _ = Glibc.write(STDOUT_FILENO, bytes, count) } }
    }

    /// Installs every handler. `enter`/`leave` take the terminal over and give it back; `original` and
    /// `raw` are the tty modes outside and inside the browser; `wake` gets a byte on resize and resume.
    static func install(wake: WakeUpPipe, enter: [UInt8], leave: [UInt8], original: termios, raw: termios) {
        enterBytes = Buffer(enter)
        leaveBytes = Buffer(leave)
        originalModes.pointee = original
        rawModes.pointee = raw
        wakeDescriptor = wake.writeDescriptor
        var current = sigaction()
        for signal in handled {
            installed[Int(signal)] = false
            // A signal ignored by whoever started us (nohup) stays ignored.
            if sigaction(signal, nil, &current) == 0, disposition(current) == 1 { continue }
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            switch signal {
            case SIGWINCH: action.__sigaction_handler.sa_handler = wakeOnResize; action.sa_flags = SA_RESTART
            case SIGCONT: action.__sigaction_handler.sa_handler = wakeOnContinue; action.sa_flags = SA_RESTART
            case SIGTSTP: action.__sigaction_handler.sa_handler = suspend; action.sa_flags = SA_RESTART
            default: action.__sigaction_handler.sa_sigaction = restoreAndResume; action.sa_flags = SA_SIGINFO
            }
            sigaction(signal, &action, previous + Int(signal))
            installed[Int(signal)] = true
        }
    }

    /// Gives the terminal back (the normal way out).
    static func leave() {
        leaveBytes.write()
        tcsetattr(STDIN_FILENO, TCSANOW, originalModes)
    }

    /// Puts the previous handlers back.
    static func uninstall() {
        for signal in handled where installed[Int(signal)] {
            sigaction(signal, previous + Int(signal), nil)
            installed[Int(signal)] = false
        }
        wakeDescriptor = -1
    }

    /// 0 for the default action, 1 for ignored, else a handler.
    private static func disposition(_ action: sigaction) -> Int {
        action.__sigaction_handler.sa_handler.map { unsafeBitCast($0, to: Int.self) } ?? 0
    }

    private static func wake(_ reason: WakeUpPipe.Reason) {
        var byte = reason.rawValue
        if wakeDescriptor >= 0 { _ = write(wakeDescriptor, &byte, 1) }
    }

    /// Restores the terminal, lets the previous handler have the signal (the Swift runtime's crash
    /// report), and if that returns, ends the process with the signal's default action. Ctrl-\ (SIGQUIT) is a
    /// user's quit, not a crash: it ends the process at once, without the runtime's crash report and backtrace.
    private static let restoreAndResume: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { signal, info, context in
        TerminalSignals.leave()
        if signal == SIGQUIT { _exit(128 + SIGQUIT) }
        let old = TerminalSignals.previous[Int(signal)]
        sigaction(signal, TerminalSignals.previous + Int(signal), nil)
        if old.sa_flags & SA_SIGINFO != 0, let chained = old.__sigaction_handler.sa_sigaction {
            chained(signal, info, context)
        } else if let chained = old.__sigaction_handler.sa_handler, TerminalSignals.disposition(old) > 1 {
            chained(signal)
        }
        var fallback = sigaction()
        fallback.__sigaction_handler.sa_handler = nil  // SIG_DFL
        sigaction(signal, &fallback, nil)
        raise(signal)
    }

    /// Ctrl-Z: give the terminal back, stop; on resume take it over again and ask for a full repaint.
    private static let suspend: @convention(c) (Int32) -> Void = { _ in
        TerminalSignals.leave()
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = nil  // SIG_DFL
        var mine = sigaction()
        sigaction(SIGTSTP, &stop, &mine)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGTSTP)
        sigprocmask(SIG_UNBLOCK, &unblocked, nil)
        raise(SIGTSTP)
        // Resumed.
        sigaction(SIGTSTP, &mine, nil)
        tcsetattr(STDIN_FILENO, TCSANOW, TerminalSignals.rawModes)
        TerminalSignals.enterBytes.write()
        TerminalSignals.wake(.continued)
    }

    private static let wakeOnResize: @convention(c) (Int32) -> Void = { _ in TerminalSignals.wake(.resized) }
    private static let wakeOnContinue: @convention(c) (Int32) -> Void = { _ in TerminalSignals.wake(.continued) }
}
