extension IndexSettings {
    /// The settings of the index at `path` when it is an index built over `representation`; nil when the file is
    /// missing, not an index, damaged or of another representation (an update then builds it with the settings it
    /// is given, as a new index).
    public static func stored(in path: String, over representation: RepresentationSpec) -> IndexSettings? {
        guard let identity = try? IndexStore.open(path).identity(), identity.representation == representation else { return nil }
        return identity.settings
    }
}
