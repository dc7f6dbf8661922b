import Foundation

/// The bundled demo: a small BF repository with its SHG queries, and the shipped model, under `Assets/`.
public struct DemoAssets: Sendable {
    /// The `Assets` folder.
    public let root: URL

    public var repositoryDirectory: URL { root.appendingPathComponent("demo/bf") }
    public var queryDirectory: URL { root.appendingPathComponent("demo/shg") }
    public var modelFile: URL { root.appendingPathComponent("models/bf-shg.cmirmodel") }

    /// Finds `Assets/` from `CMIR_ASSETS`, else beside or above the running executable (a SwiftPM build
    /// lives in .build/<config>/ inside the checkout), else above the current directory.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DemoAssets {
        if let explicit = environment["CMIR_ASSETS"] {
            let url = URL(fileURLWithPath: explicit)
            guard isAssets(url) else { throw CMIRError.input("CMIR_ASSETS=\(explicit) holds no demo/ folder") }
            return DemoAssets(root: url)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let starts = [executable.deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent("Assets")
                if isAssets(candidate) { return DemoAssets(root: candidate) }
                folder.deleteLastPathComponent()
            }
        }
        throw CMIRError.input("cannot find the bundled Assets/ folder; set CMIR_ASSETS to its path")
    }

    private static func isAssets(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("demo").path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// Paths of the demo repository images, sorted by name.
    public func repositoryImages() throws -> [String] {
        try ImageDirectory.imagePaths(in: repositoryDirectory.path)
    }
}
