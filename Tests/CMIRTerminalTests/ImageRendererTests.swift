import CMIRKit
import CMIRTerminal
import CMIRTestSupport
import Foundation
import Testing

@Suite struct ImageRendererTests {
    static let demoImage = TestImages.checkoutRoot.appendingPathComponent("Assets/demo/bf/1B_B7.png").path

    func renderer(_ mode: GraphicsMode) -> ImageRenderer {
        ImageRenderer(mode: mode, cell: (10, 20)) { path, _, layer in
            let picture = try ImageFile.load(path).image
            return layer == .picture ? picture : try RawRepresentation().represent(picture)
        }
    }

    @Test func rendersConcurrentlyInBothModes() throws {
        for mode in [GraphicsMode.blocks, .sixel] {
            let renderer = renderer(mode)
            let boxes = (0..<16).map { (columns: 10 + $0, rows: 5 + $0 / 2) }
            let results = LRUCache<Int, Bool>(capacity: 100)
            DispatchQueue.concurrentPerform(iterations: boxes.count) { i in
                let rendered = try? renderer.render(ImageRequest(path: Self.demoImage, role: .repository),
                                                    columns: boxes[i].columns, rows: boxes[i].rows)
                results.insert(rendered.map { $0.size.columns <= boxes[i].columns && $0.size.rows <= boxes[i].rows } ?? false,
                               for: i, cost: 1)
            }
            #expect((0..<boxes.count).allSatisfy { results.value(for: $0) == true }, "\(mode)")
        }
    }
}
