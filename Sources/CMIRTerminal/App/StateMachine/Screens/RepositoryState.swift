import CMIRKit

/// The repository grid.
public struct RepositoryState: Equatable, Sendable {
    public var info: RepositoryInfo?
    public var filter = ""
    public var selection = Selection()
    public var layer = ImageLayer.picture
    public init() {}

    /// The images whose name contains the filter (case-insensitive), in index order.
    public var visible: [IndexedImage] {
        guard let info else { return [] }
        if filter.isEmpty { return info.images }
        return info.images.filter { $0.stem.localizedCaseInsensitiveContains(filter) }
    }
}
