import Foundation

/// Tab completion of a typed path, as shells do it: the longest common prefix of the matching names
/// in the folder, a "/" after a unique folder, and the choices when more than one remains.
public enum PathCompletion {
    /// Lists a folder's entries as (name, isFolder); nil when it cannot be read.
    public typealias Lister = @Sendable (String) -> [(name: String, isFolder: Bool)]?

    public static func complete(_ typed: String, list: Lister = listFolder) -> (text: String, choices: [String]) {
        let expanded = typed.hasPrefix("~/") ? NSHomeDirectory() + String(typed.dropFirst(1)) : typed
        let folder = expanded.folder
        let partial = expanded.fileName
        guard let entries = list(folder.isEmpty ? "." : folder) else { return (typed, []) }
        let matches = entries.filter { !$0.name.hasPrefix(".") || partial.hasPrefix(".") }
            .filter { $0.name.hasPrefix(partial) }
            .sorted { $0.name < $1.name }
        guard let first = matches.first else { return (typed, []) }
        if matches.count == 1 {
            return (folder + first.name + (first.isFolder ? "/" : ""), [])
        }
        var common = first.name
        for match in matches.dropFirst() {
            while !match.name.hasPrefix(common) { common.removeLast() }
        }
        return (folder + common, matches.map { $0.name + ($0.isFolder ? "/" : "") })
    }

    public static func listFolder(_ path: String) -> [(name: String, isFolder: Bool)]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        return names.map { name in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            return (name, isFolder.boolValue)
        }
    }
}
