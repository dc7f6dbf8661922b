/// The selected item of a grid or list, and its first visible row.
public struct Selection: Equatable, Sendable {
    public var index = 0
    public var firstRow = 0
    public init() {}
}
