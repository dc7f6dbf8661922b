import CMIRTerminal
import Testing

@Suite struct PathCompletionTests {
    static let folder: PathCompletion.Lister = { path in
        path == "/q/" ? [("1B_B7.png", false), ("1B_D2.png", false), ("X01.png", false), ("sub", true), (".hidden", false)] : nil
    }

    @Test func completesTheCommonPrefixAndListsChoices() {
        let partial = PathCompletion.complete("/q/1", list: Self.folder)
        #expect(partial.text == "/q/1B_" && partial.choices == ["1B_B7.png", "1B_D2.png"])
        #expect(PathCompletion.complete("/q/X", list: Self.folder) == (text: "/q/X01.png", choices: []))
        #expect(PathCompletion.complete("/q/s", list: Self.folder).text == "/q/sub/", "folders get a slash")
        #expect(!PathCompletion.complete("/q/", list: Self.folder).choices.contains(".hidden"))
        #expect(PathCompletion.complete("/nowhere/x", list: Self.folder) == (text: "/nowhere/x", choices: []))
    }
}
