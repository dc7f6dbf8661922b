import CMIRTerminal
import Testing

@Suite struct KeyBindingsTests {
    static let screens: [BrowserScreen] = [.preparing, .repository, .picker, .crop, .results, .inspection]

    @Test(arguments: screens)
    func noKeyHasTwoMeaningsOnAScreen(screen: BrowserScreen) {
        let keys = KeyBindings.on(screen).flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "duplicate keys on \(screen)")
    }

    @Test(arguments: screens)
    func everyScreenHasHelpAndQuit(screen: BrowserScreen) {
        #expect(KeyBindings.action(for: .character("?"), on: screen) == .toggleHelp)
        #expect(KeyBindings.action(for: .character("q"), on: screen) == .quit)
    }

    @Test func theIssueKeysAreBound() {
        #expect(KeyBindings.action(for: .character("/"), on: .repository) == .startFilter)
        #expect(KeyBindings.action(for: .tab, on: .picker) == .typePath)
        #expect(KeyBindings.action(for: .character("0"), on: .crop) == .resetCrop)
        #expect(KeyBindings.action(for: .character("s"), on: .crop) == .saveCrop)
        #expect(KeyBindings.action(for: .shiftRight, on: .crop) == .resizeCrop(dw: 1, dh: 0))
        #expect(KeyBindings.action(for: .character("+"), on: .crop) == .scaleCrop(1))
        #expect(KeyBindings.action(for: .character("r"), on: .results) == .toggleRerank)
        #expect(KeyBindings.action(for: .character("c"), on: .inspection) == .toggleLayer)
        #expect(KeyBindings.action(for: .character("w"), on: .inspection) == .toggleWords)
    }
}
