import CMIRKit
import CMIRTerminal
import CMIRTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `cmir browse` driven in a pseudo-terminal: keys in, screen contents and exit status out.
@Suite(.serialized) struct BrowserEndToEndTests {
    func session(_ extra: [String] = [], environment: [String: String] = [:], columns: Int = 120, rows: Int = 40,
                 sixel: Bool = true) throws -> BrowserSession {
        let index = try DemoFixture.index.get()
        return try BrowserSession(["browse", index, "--queries", DemoFixture.queries] + extra, environment: environment,
                                  columns: columns, rows: rows, sixel: sixel)
    }

    @Test func walkthroughFromRepositoryToInspectionAndQuit() throws {
        let browser = try session(environment: ["CMIR_GRAPHICS": "none"])
        // Repository: every demo image by name, the index facts in the status line.
        try browser.wait(for: "all repository names") { screen in DemoFixture.stems.allSatisfy { screen.contains(String($0.prefix(14))) } }
        #expect(browser.screen.line(39).contains("8 images"))
        #expect(browser.screen.line(39).contains("vocabulary"))
        #expect(browser.screen.modes.contains(1049), "the browser runs on the alternate screen")

        // Filter by name.
        browser.press("/", "X0")
        try browser.wait(forText: "filter: /X0")
        browser.press(Keys.enter)
        try browser.wait(for: "only the X0 images") { !$0.contains("1B_B7") && $0.contains("X01Y15") && $0.contains("X05Y15") }
        browser.press("/", Keys.escape)
        try browser.wait(forText: "1B_B7")

        // Query picker, crop tool.
        browser.press(Keys.enter)
        try browser.wait(forText: "Choose a query")
        try browser.wait(forText: "1B_B7.png")
        browser.press(Keys.enter)
        try browser.wait(forText: "Crop the query")
        try browser.wait(forText: "384 × 384 px")
        browser.press("-")
        try browser.wait(forText: "349 × 349 px")
        browser.press(Keys.right, Keys.down)
        try browser.wait(forText: "x 30, y 30")
        browser.press("0")
        try browser.wait(forText: "the whole image")

        // Search: ranked results with scores and the true match.
        browser.press(Keys.enter)
        try browser.wait(forText: "Results")
        try browser.wait(for: "eight ranked results") { screen in (1...8).allSatisfy { screen.contains("#\($0) ") } }
        #expect(browser.screen.contains("score 0."))
        #expect(browser.screen.contains("true match at rank"))

        // Inspection of the first match, then help, then quit.
        browser.press(Keys.enter)
        try browser.wait(forText: "Inspect a match")
        try browser.wait(forText: "#1 of 8")
        browser.press("w")
        try browser.wait(forText: "shared words")
        browser.press("?")
        try browser.wait(forText: "Keys: Inspect a match")
        #expect(browser.screen.contains("matched visual words on / off"))
        browser.press("x")
        try browser.wait(for: "help closed") { !$0.contains("Keys: Inspect a match") }
        browser.press("q")
        let status = try browser.waitForExit()
        #expect(WaitStatus.exitCode(status) == 0)
        #expect(!browser.screen.modes.contains(1049), "left the alternate screen")
        #expect(browser.screen.modes.contains(25), "cursor shown again")
    }
}
