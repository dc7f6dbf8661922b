/// Which images a frame must erase and draw. Terminals keep image pixels until something overwrites
/// them, while text is painted without regard to images: so an image that leaves or changes must be
/// erased, and an image is drawn again whenever text may have been written over it (a changed text row through it,
/// a full repaint) or an erased neighbour overlapped it. Unchanged images are not resent, which keeps
/// key presses cheap over SSH.
public struct RedrawPlan: Equatable, Sendable {
    /// Cell rectangles to blank before the text is painted (boxes of images that left or changed).
    public var erase: [CellRect]
    /// Images to draw after the text is painted.
    public var draw: [ImagePlacement]

    public init(previous: [ImagePlacement], next: [ImagePlacement], changedRows: Set<Int>, fullRepaint: Bool) {
        if fullRepaint {
            erase = []
            draw = next
            return
        }
        let kept = Set(previous).intersection(next)
        erase = previous.filter { !kept.contains($0) }.map(\.box)
        let erased = erase
        draw = next.filter { placement in
            !kept.contains(placement)
                || (placement.box.row..<placement.box.endRow).contains(where: changedRows.contains)
                || erased.contains(where: { $0.intersects(placement.box) })
        }
    }
}
