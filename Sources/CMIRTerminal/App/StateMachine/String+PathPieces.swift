/// Path pieces as plain string operations (no file system access), for labels and completion.
extension String {
    /// The folder part of a path, with its trailing slash ("" for a bare name).
    var folder: String {
        guard let slash = lastIndex(of: "/") else { return "" }
        return String(self[...slash])
    }

    /// The last path component.
    var fileName: String {
        guard let slash = lastIndex(of: "/") else { return self }
        return String(self[index(after: slash)...])
    }
}
