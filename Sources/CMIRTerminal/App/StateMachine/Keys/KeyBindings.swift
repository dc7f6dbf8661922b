/// The key table of every screen: the state machine dispatches through it and the help overlay prints
/// it, so help always lists exactly the keys that work.
public enum KeyBindings {
    static func chars(_ text: String) -> [Key] { text.map { .character($0) } }

    static let gridMoves: [KeyBinding] = [
        KeyBinding([.left, .character("h")], "← h", "previous image", .move(dx: -1, dy: 0)),
        KeyBinding([.right, .character("l")], "→ l", "next image", .move(dx: 1, dy: 0)),
        KeyBinding([.up, .character("k")], "↑ k", "row up", .move(dx: 0, dy: -1)),
        KeyBinding([.down, .character("j")], "↓ j", "row down", .move(dx: 0, dy: 1)),
        KeyBinding([.pageUp], "PgUp", "page up", .page(-1)),
        KeyBinding([.pageDown, .character(" ")], "PgDn Space", "page down", .page(1)),
        KeyBinding([.home, .character("g")], "Home g", "first", .first),
        KeyBinding([.end, .character("G")], "End G", "last", .last),
    ]

    static let listMoves: [KeyBinding] = [
        KeyBinding([.up, .character("k")], "↑ k", "previous query", .move(dx: 0, dy: -1)),
        KeyBinding([.down, .character("j")], "↓ j", "next query", .move(dx: 0, dy: 1)),
        KeyBinding([.pageUp], "PgUp", "page up", .page(-1)),
        KeyBinding([.pageDown, .character(" ")], "PgDn Space", "page down", .page(1)),
        KeyBinding([.home, .character("g")], "Home g", "first", .first),
        KeyBinding([.end, .character("G")], "End G", "last", .last),
    ]

    /// Zoom and pan: the slide viewer's, and the crop tool's while it moves the view.
    static let viewMoves: [KeyBinding] = [
        KeyBinding(chars("+="), "+", "zoom in", .zoom(1)),
        KeyBinding([.character("-")], "-", "zoom out", .zoom(-1)),
        KeyBinding([.left, .character("h")], "← h", "pan left", .pan(dx: -1, dy: 0)),
        KeyBinding([.right, .character("l")], "→ l", "pan right", .pan(dx: 1, dy: 0)),
        KeyBinding([.up, .character("k")], "↑ k", "pan up", .pan(dx: 0, dy: -1)),
        KeyBinding([.down, .character("j")], "↓ j", "pan down", .pan(dx: 0, dy: 1)),
    ]

    /// The crop tool's keys while they move the view rather than the rectangle (`v`).
    static let cropView: [KeyBinding] = viewMoves + [
        KeyBinding([.character("o")], "o", "the whole image", .overview),
        KeyBinding([.character("v"), .escape, .backspace], "v Esc", "back to moving the rectangle", .toggleCropView),
        KeyBinding([.enter], "Enter", "search with this region", .search),
        KeyBinding([.character("s")], "s", "save the region as a PNG query", .saveCrop),
        KeyBinding([.character("r")], "r", "re-ranking on / off", .toggleRerank),
    ]

    static let global: [KeyBinding] = [
        KeyBinding([.character("?")], "?", "show or hide this help", .toggleHelp),
        KeyBinding([.character("q")], "q", "quit", .quit),
    ]

    /// The keys of `screen`, its own first, then the ones every screen has.
    public static func on(_ screen: BrowserScreen) -> [KeyBinding] {
        let own: [KeyBinding]
        switch screen {
        case .preparing:
            own = []
        case .repository:
            own = gridMoves + [
                KeyBinding([.character("/")], "/", "filter by name (Enter keeps, Esc clears)", .startFilter),
                KeyBinding([.enter], "Enter", "view the slide; on an image, pick a query", .choose),
                KeyBinding([.character("o")], "o", "pick a query", .openPicker),
                KeyBinding([.character("c")], "c", "pictures / representations", .toggleLayer),
            ]
        case .picker:
            own = listMoves + [
                KeyBinding([.enter], "Enter", "open the query in the crop tool", .choose),
                KeyBinding([.character("/")], "/", "filter by name", .startFilter),
                KeyBinding([.character("p"), .tab], "p Tab", "type a path (Tab completes)", .typePath),
                KeyBinding([.escape, .backspace], "Esc", "back to the repository", .back),
            ]
        case .crop:
            own = [
                KeyBinding([.left, .character("h")], "← h", "move the rectangle left", .moveCrop(dx: -1, dy: 0)),
                KeyBinding([.right, .character("l")], "→ l", "move right", .moveCrop(dx: 1, dy: 0)),
                KeyBinding([.up, .character("k")], "↑ k", "move up", .moveCrop(dx: 0, dy: -1)),
                KeyBinding([.down, .character("j")], "↓ j", "move down", .moveCrop(dx: 0, dy: 1)),
                KeyBinding([.shiftLeft, .character("H")], "⇧← H", "narrower", .resizeCrop(dw: -1, dh: 0)),
                KeyBinding([.shiftRight, .character("L")], "⇧→ L", "wider", .resizeCrop(dw: 1, dh: 0)),
                KeyBinding([.shiftUp, .character("K")], "⇧↑ K", "shorter", .resizeCrop(dw: 0, dh: -1)),
                KeyBinding([.shiftDown, .character("J")], "⇧↓ J", "taller", .resizeCrop(dw: 0, dh: 1)),
                KeyBinding(chars("+="), "+", "larger (10 %)", .scaleCrop(1)),
                KeyBinding([.character("-")], "-", "smaller (10 %)", .scaleCrop(-1)),
                KeyBinding([.character("0")], "0", "whole image", .resetCrop),
                KeyBinding([.character("v")], "v", "zoom and pan the image (the slide viewer's keys)", .toggleCropView),
                KeyBinding([.enter], "Enter", "search with this region", .search),
                KeyBinding([.character("s")], "s", "save the region as a PNG query", .saveCrop),
                KeyBinding([.character("r")], "r", "re-ranking on / off", .toggleRerank),
                KeyBinding([.escape, .backspace], "Esc", "cancel the running search, else back to the queries", .back),
            ]
        case .results:
            own = gridMoves + [
                KeyBinding([.enter], "Enter", "inspect the match beside the query", .choose),
                KeyBinding([.character("r")], "r", "re-ranking on / off (searches again)", .toggleRerank),
                KeyBinding([.character("c")], "c", "pictures / representations", .toggleLayer),
                KeyBinding([.character("n"), .character("o")], "n o", "new query", .openPicker),
                KeyBinding([.character("e")], "e", "export the results as GeoJSON", .exportResults),
                KeyBinding([.character("y")], "y", "copy \"slide x,y,w,h\" of the place", .copyPlace),
                KeyBinding([.escape, .backspace], "Esc", "cancel the running search, else back to the crop tool", .back),
            ]
        case .inspection:
            own = [
                KeyBinding([.left, .character("h"), .character("p")], "← h p", "previous result", .move(dx: -1, dy: 0)),
                KeyBinding([.right, .character("l"), .character("n")], "→ l n", "next result", .move(dx: 1, dy: 0)),
                KeyBinding([.character("c")], "c", "pictures / representations", .toggleLayer),
                KeyBinding([.character("w")], "w", "matched visual words on / off", .toggleWords),
                KeyBinding([.enter], "Enter", "a place on a slide: open it in the slide viewer", .choose),
                KeyBinding([.escape, .backspace], "Esc", "back to the results", .back),
            ]
        case .viewer:
            own = viewMoves + [
                KeyBinding([.character("o")], "o", "the whole slide", .overview),
                KeyBinding([.character("y")], "y", "copy \"slide x,y,w,h\" of the place (or the view)", .copyPlace),
                KeyBinding([.character("e")], "e", "export the results as GeoJSON", .exportResults),
                KeyBinding([.escape, .backspace, .character("q")], "Esc q", "back", .back),
            ]
        }
        return own + global
    }

    /// The keys in force: the screen's, or the crop tool's view keys while they zoom and pan.
    public static func inForce(_ state: BrowserState) -> [KeyBinding] {
        state.screen == .crop && state.crop?.movingView == true ? cropView + global : on(state.screen)
    }

    /// The action of `key` in `state`, if it has one.
    public static func action(for key: Key, in state: BrowserState) -> BrowserAction? {
        inForce(state).first { $0.keys.contains(key) }?.action
    }

    /// Short hints for the title row.
    public static func hints(_ state: BrowserState) -> String {
        if state.screen == .crop, state.crop?.movingView == true {
            return "+/- zoom · arrows pan · o whole · v rectangle · Enter search · ? help"
        }
        return switch state.screen {
        case .preparing: "q quit"
        case .repository: "Enter view slide / pick a query · / filter · c layer · ? help · q quit"
        case .picker: "Enter crop · p type a path · / filter · Esc back · ? help"
        case .crop: "arrows move · ⇧arrows +/- size · 0 all · v zoom/pan · Enter search · s save · ? help"
        case .results: "Enter inspect · r re-rank · c layer · n new query · Esc back · ? help"
        case .inspection: "← → results · c layer · w words · Enter slide viewer · Esc back · ? help"
        case .viewer: "+/- wheel zoom · arrows pan · o whole · y copy · e export · Esc back · ? help"
        }
    }
}
