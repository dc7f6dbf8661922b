import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Signal handling for the full-screen browser. Interrupts (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) and crashes
/// (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) first put the terminal back (leave the alternate
/// screen, show the cursor, mouse reporting off, the saved tty modes) and then take their previous course,
/// so a crash still reports itself on a usable terminal. Resize and resume only wake the event loop.
/// Handlers touch nothing but preallocated memory and async-signal-safe calls (write, tcsetattr, sigaction).
enum TerminalSignals {
    static let restoring: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    nonisolated(unsafe) private static var restoreBytes: UnsafeMutablePointer<UInt8>?
    nonisolated(unsafe) private static var restoreCount = 0
    nonisolated(unsafe) private static var savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) private static var haveSavedModes = false
    nonisolated(unsafe) private static var wakeDescriptor: Int32 = -1
    nonisolated(unsafe) private static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    nonisolated(unsafe) private static var installed = false
    nonisolated(unsafe) private static var restoreInstalled = false

    /// Installs the resize and resume handlers: `wake` gets a byte on SIGWINCH and SIGCONT. Called before
    /// ncurses starts, so that ncurses leaves SIGWINCH to us.
    static func installWakeHandlers(wake: WakeUpPipe) {
        wakeDescriptor = wake.writeDescriptor
        set(SIGWINCH, handler: wakeOnResize)
        set(SIGCONT, handler: wakeOnContinue)
        installed = true
    }

    /// Installs the interrupt and crash handlers. `restore` is written to standard output when a signal
    /// ends the program; `modes` are the tty modes to put back.
    static func installRestoreHandlers(restore: [UInt8], modes: termios?) {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, restore.count))
        buffer.initialize(from: restore, count: restore.count)
        restoreBytes = buffer
        restoreCount = restore.count
        if let modes { savedModes.pointee = modes; haveSavedModes = true }
        var current = sigaction()
        for signal in restoring {
            // A signal ignored by whoever started us (nohup) stays ignored.
            if sigaction(signal, nil, &current) == 0, disposition(current) == 1 { continue }
            set(signal, handler: restoreAndResume)
        }
        restoreInstalled = true
    }

    /// Puts the previous handlers back (after a normal shutdown).
    static func uninstall() {
        if restoreInstalled {
            var current = sigaction()
            for signal in restoring where sigaction(signal, nil, &current) == 0 && disposition(current) != 1 {
                sigaction(signal, previous + Int(signal), nil)
            }
        }
        if installed { for signal in [SIGWINCH, SIGCONT] { sigaction(signal, previous + Int(signal), nil) } }
        wakeDescriptor = -1
        installed = false
        restoreInstalled = false
    }

    private static func set(_ signal: Int32, handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, previous + Int(signal))
    }

    private static func set(_ signal: Int32, handler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO
        sigaction(signal, &action, previous + Int(signal))
    }

    /// 0 for the default action, 1 for ignored, else a handler.
    private static func disposition(_ action: sigaction) -> Int {
        action.__sigaction_handler.sa_handler.map { unsafeBitCast($0, to: Int.self) } ?? 0
    }

    /// Restores the terminal, lets the previous handler have the signal (the Swift runtime's crash
    /// report), and if that returns, ends the process with the signal's default action.
    private static let restoreAndResume: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { signal, info, context in
        if let bytes = TerminalSignals.restoreBytes { _ = write(STDOUT_FILENO, bytes, TerminalSignals.restoreCount) }
        if TerminalSignals.haveSavedModes { tcsetattr(STDIN_FILENO, TCSANOW, TerminalSignals.savedModes) }
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

    private static let wakeOnResize: @convention(c) (Int32) -> Void = { _ in
        var byte = WakeUpPipe.Reason.resized.rawValue
        if TerminalSignals.wakeDescriptor >= 0 { _ = write(TerminalSignals.wakeDescriptor, &byte, 1) }
    }

    private static let wakeOnContinue: @convention(c) (Int32) -> Void = { _ in
        var byte = WakeUpPipe.Reason.continued.rawValue
        if TerminalSignals.wakeDescriptor >= 0 { _ = write(TerminalSignals.wakeDescriptor, &byte, 1) }
    }
}
