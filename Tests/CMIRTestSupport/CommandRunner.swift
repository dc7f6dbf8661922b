import Foundation

/// Runs the built `cmir` executable the way a user would, capturing its output and exit status.
public enum CommandRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// The largest resident set the command had, in kilobytes.
        public let peakMemoryKilobytes: Int
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

    /// Runs `cmir` with arguments and extra environment to its end; never reads stdin.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try RunningCommand(arguments, environment: environment).finish()
    }
}
