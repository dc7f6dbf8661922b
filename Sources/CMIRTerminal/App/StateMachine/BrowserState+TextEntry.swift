/// Typed text: a name filter, or a query path with Tab completion.
extension BrowserState {
    mutating func editFilter(_ key: Key) {
        var text = screen == .picker ? picker.filter : repository.filter
        switch key {
        case .enter: editingFilter = false
        case .escape: editingFilter = false; text = ""
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .character(let c): text.append(c)
        default: return
        }
        if screen == .picker {
            picker.filter = text
            picker.selection = Selection()
        } else {
            repository.filter = text
            repository.selection = Selection()
        }
        keepSelectionsVisible()
    }

    mutating func editPath(_ key: Key) -> [BrowserEffect] {
        guard var text = picker.typedPath else { return [] }
        switch key {
        case .enter:
            guard !text.isEmpty else { return [] }
            return [.loadQuery(path: text)]
        case .escape:
            picker.typedPath = nil
            picker.completions = []
            return []
        case .tab:
            return [.completePath(text)]
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .character(let c):
            text.append(c)
        default:
            return []
        }
        picker.typedPath = text
        picker.completions = []
        return []
    }
}
