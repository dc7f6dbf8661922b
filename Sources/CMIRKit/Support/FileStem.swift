import Foundation

/// The file name without folder and extension: how a query is paired with its true match, and how files are
/// named in listings.
public enum FileStem {
    public static func of(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
