import CMIRKit

/// The query picker: the query folder's images, or a typed path.
public struct PickerState: Equatable, Sendable {
    public var candidates: [String]
    public var filter = ""
    public var selection = Selection()
    /// The path being typed (after `p`), and the choices the last Tab found.
    public var typedPath: String?
    public var completions: [String] = []

    public init(candidates: [String]) { self.candidates = candidates }

    public var visible: [String] {
        if filter.isEmpty { return candidates }
        return candidates.filter { FileStem.of($0).localizedCaseInsensitiveContains(filter) }
    }
}
