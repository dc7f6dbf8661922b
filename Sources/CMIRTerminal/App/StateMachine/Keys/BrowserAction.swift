/// What a key does on a screen.
public enum BrowserAction: Hashable, Sendable {
    case quit, toggleHelp, back
    case move(dx: Int, dy: Int), page(Int), first, last
    case startFilter, openPicker, choose, typePath
    case toggleLayer
    case moveCrop(dx: Int, dy: Int), resizeCrop(dw: Int, dh: Int), scaleCrop(Int), resetCrop, toggleCropView
    case search, saveCrop, toggleRerank, toggleWords
    case zoom(Int), pan(dx: Int, dy: Int), overview
    case exportResults, copyPlace
}
