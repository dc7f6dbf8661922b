import Foundation

/// Runs the `tmux` client (found on PATH) and returns what it printed.
enum TmuxCommand {
    /// Standard output of `tmux arguments...` run in `environment` (whose TMUX names the server); nil when tmux
    /// cannot be run, fails, or is still running after `timeout` (then it is stopped): cmir never hangs on a
    /// tmux server that does not answer.
    static func output(_ arguments: [String], environment: [String: String], timeout: Duration) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.002) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
