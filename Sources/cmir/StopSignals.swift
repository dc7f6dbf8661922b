import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM as a request to stop at the next safe point rather than at once: `cmir train` asks after
/// every iteration and writes its checkpoint before exiting. A second signal ends the process at once (files are
/// only ever replaced whole, so that leaves none half-written). The handler touches only an atomic and
/// async-signal-safe calls (write, _exit).
enum StopSignals {
    static let handled: [Int32] = [SIGINT, SIGTERM]
    private static let firstSignal = Atomic<Int32>(0)
    nonisolated(unsafe) private static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    nonisolated(unsafe) private static let installed = UnsafeMutablePointer<Bool>.allocate(capacity: 65)

    /// The first signal received since `install`, if any.
    static var received: Int32? {
        let signal = firstSignal.load(ordering: .relaxed)
        return signal == 0 ? nil : signal
    }

    /// Catches the signals and unblocks them (a parent that spawned us from a thread blocking them passed its
    /// mask on); one ignored by whoever started us (nohup, a background job) stays ignored.
    static func install() {
        firstSignal.store(0, ordering: .relaxed)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signal in handled { sigaddset(&unblocked, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        var current = sigaction()
        for signal in handled {
            installed[Int(signal)] = false
            if sigaction(signal, nil, &current) == 0, isIgnored(current) { continue }
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            action.__sigaction_handler.sa_handler = requestStop
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, previous + Int(signal))
            installed[Int(signal)] = true
        }
    }

    /// Puts the previous handlers back.
    static func uninstall() {
        for signal in handled where installed[Int(signal)] {
            sigaction(signal, previous + Int(signal), nil)
            installed[Int(signal)] = false
        }
    }

    /// Whether an action is SIG_IGN (1; SIG_DFL is 0, a handler its address).
    private static func isIgnored(_ action: sigaction) -> Bool {
        action.__sigaction_handler.sa_handler.map { unsafeBitCast($0, to: Int.self) } == 1
    }

    private static let requestStop: @convention(c) (Int32) -> Void = { signal in
        let (exchanged, _) = StopSignals.firstSignal.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
        guard exchanged else { _exit(128 + signal) }
        let note: StaticString = "\ncmir: stopping at the next safe point to write a checkpoint (signal again to quit at once)\n"
        _ = write(STDERR_FILENO, note.utf8Start, note.utf8CodeUnitCount)
    }
}
