import Foundation

/// Runs the built `cmir` executable the way a user would, capturing its output and exit status.
public enum CommandRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `cmir` built beside the test bundle (same build folder and configuration).
    public static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let beside = bundle.appendingPathComponent("cmir")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        for candidate in Bundle.allBundles.map({ $0.bundleURL.deletingLastPathComponent().appendingPathComponent("cmir") })
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return TestImages.checkoutRoot.appendingPathComponent(".build/release/cmir")
    }

    /// Runs `cmir` with arguments and extra environment; never reads stdin.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        // Output goes to files, so a large output can never block the child on a full pipe.
        let folder = TestImages.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
