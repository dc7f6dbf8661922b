import Foundation

/// Runs a program other than cmir (a shell script, a Slurm command) to its end, its output captured in files, so
/// that a daemon it starts, which may keep them open, cannot hold up the read.
public enum ExternalCommand {
    /// Runs `program` (a path, or a name looked up in PATH) with arguments and extra environment.
    public static func run(_ program: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> CommandRunner.Result {
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return CommandRunner.Result(status: process.terminationStatus,
                                    stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                                    stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self), peakMemoryKilobytes: 0)
    }
}
