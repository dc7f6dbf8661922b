/// A key press, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    /// Shift + arrow (the crop tool resizes with these).
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case pageUp, pageDown, home, end
    case enter, escape, backspace, tab, delete
    /// Ctrl + a letter, lowercase (Ctrl-C itself arrives as SIGINT, not as a key).
    case control(Character)
}

/// A turn of the mouse wheel with the pointer over a cell (zero-based): `up` away from the user, else towards.
public struct MouseWheel: Hashable, Sendable {
    public var up: Bool
    public var column: Int
    public var row: Int
    public init(up: Bool, column: Int, row: Int) { self.up = up; self.column = column; self.row = row }
}

/// A mouse button event at a cell (zero-based). Drags report the cell under the pointer.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, drag, release }
    public var kind: Kind
    public var column: Int
    public var row: Int
    public init(_ kind: Kind, column: Int, row: Int) { self.kind = kind; self.column = column; self.row = row }
}
