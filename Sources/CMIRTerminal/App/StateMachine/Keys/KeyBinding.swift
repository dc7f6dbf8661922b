/// One row of the key table: the keys, how help names them, what they do.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [Key]
    public var label: String
    public var summary: String
    public var action: BrowserAction

    init(_ keys: [Key], _ label: String, _ summary: String, _ action: BrowserAction) {
        self.keys = keys; self.label = label; self.summary = summary; self.action = action
    }
}
