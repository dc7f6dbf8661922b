/// A one-line message in the status row until the next key.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, error }
    public var kind: Kind
    public var text: String
    public static func info(_ text: String) -> StatusMessage { StatusMessage(kind: .info, text: text) }
    public static func error(_ text: String) -> StatusMessage { StatusMessage(kind: .error, text: text) }
}
