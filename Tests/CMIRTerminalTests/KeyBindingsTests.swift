@testable import CMIRTerminal
import Testing

@Suite struct KeyBindingsTests {
    /// The viewer's own q (back) deliberately shadows the global q (quit), so it is not among these.
    static let screens: [BrowserScreen] = [.preparing, .repository, .picker, .crop, .results, .inspection]

    /// The action of `key` in the table of `screen`.
    static func action(_ key: Key, on screen: BrowserScreen) -> BrowserAction? {
        KeyBindings.on(screen).first { $0.keys.contains(key) }?.action
    }

    @Test(arguments: screens)
    func noKeyHasTwoMeaningsOnAScreen(screen: BrowserScreen) {
        let keys = KeyBindings.on(screen).flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "duplicate keys on \(screen)")
    }

    @Test func noKeyHasTwoMeaningsWhileTheCropToolMovesTheView() {
        let keys = (KeyBindings.cropView + KeyBindings.global).flatMap(\.keys)
        #expect(Set(keys).count == keys.count)
    }

    @Test(arguments: screens)
    func everyScreenHasHelpAndQuit(screen: BrowserScreen) {
        #expect(Self.action(.character("?"), on: screen) == .toggleHelp)
        #expect(Self.action(.character("q"), on: screen) == .quit)
    }

    @Test func theIssueKeysAreBound() {
        #expect(Self.action(.character("/"), on: .repository) == .startFilter)
        #expect(Self.action(.tab, on: .picker) == .typePath)
        #expect(Self.action(.character("0"), on: .crop) == .resetCrop)
        #expect(Self.action(.character("s"), on: .crop) == .saveCrop)
        #expect(Self.action(.shiftRight, on: .crop) == .resizeCrop(dw: 1, dh: 0))
        #expect(Self.action(.character("+"), on: .crop) == .scaleCrop(1))
        #expect(Self.action(.character("v"), on: .crop) == .toggleCropView)
        #expect(Self.action(.character("r"), on: .results) == .toggleRerank)
        #expect(Self.action(.character("c"), on: .inspection) == .toggleLayer)
        #expect(Self.action(.character("w"), on: .inspection) == .toggleWords)
        #expect(Self.action(.enter, on: .inspection) == .choose)
    }

    /// While the crop tool moves the view, zoom and pan are the slide viewer's keys.
    @Test func theCropToolsViewKeysAreTheViewersZoomAndPan() {
        for key: Key in [.character("+"), .character("="), .character("-"), .left, .character("h"), .down, .character("j")] {
            let viewer = Self.action(key, on: .viewer)
            #expect(viewer != nil && KeyBindings.cropView.first { $0.keys.contains(key) }?.action == viewer, "\(key)")
        }
    }
}
