@testable import CMIRTerminal
import Testing

@Suite struct RedrawPlanTests {
    func placement(_ column: Int, _ path: String) -> ImagePlacement {
        ImagePlacement(box: CellRect(column: column, row: 2, columns: 10, rows: 5), image: ImageRequest(path: path, role: .repository))
    }

    @Test func unchangedImagesAreNotResent() {
        let shown = [placement(0, "a"), placement(12, "b")]
        let plan = RedrawPlan(previous: shown, next: shown, changedRows: [0, 8], fullRepaint: false)
        #expect(plan.erase.isEmpty && plan.draw.isEmpty)
    }

    @Test func aChangedTextRowThroughAnImageRedrawsIt() {
        let shown = [placement(0, "a")]
        let plan = RedrawPlan(previous: shown, next: shown, changedRows: [4], fullRepaint: false)
        #expect(plan.draw == shown && plan.erase.isEmpty)
    }

    @Test func replacedImagesAreErasedFirstAndOverlappingOnesRedrawn() {
        let plan = RedrawPlan(previous: [placement(0, "a"), placement(12, "b")],
                              next: [placement(0, "c"), placement(12, "b"), placement(24, "d")], changedRows: [], fullRepaint: false)
        #expect(plan.erase == [placement(0, "a").box])
        #expect(plan.draw == [placement(0, "c"), placement(24, "d")])
        let moved = RedrawPlan(previous: [placement(0, "a")], next: [placement(5, "a")], changedRows: [], fullRepaint: false)
        #expect(moved.erase == [placement(0, "a").box] && moved.draw == [placement(5, "a")])
    }

    @Test func aFullRepaintDrawsEverythingWithoutErasing() {
        let next = [placement(0, "a"), placement(12, "b")]
        let plan = RedrawPlan(previous: next, next: next, changedRows: [], fullRepaint: true)
        #expect(plan.erase.isEmpty && plan.draw == next)
    }
}
