/// A scale bar: the longest round length (1, 2 or 5 times a power of ten microns) that fits a width in cells.
public struct ScaleBar: Equatable, Sendable {
    public var microns: Double
    public var cells: Int
    public init(microns: Double, cells: Int) { self.microns = microns; self.cells = cells }

    /// The bar for `micronsPerCell` (microns one text cell spans on the slide) no longer than `maximumCells`;
    /// nil when no round length covers at least one cell.
    public static func choose(micronsPerCell: Double, maximumCells: Int) -> ScaleBar? {
        guard micronsPerCell > 0, maximumCells >= 1 else { return nil }
        let longest = micronsPerCell * Double(maximumCells)
        var power = 1.0
        while power * 10 <= longest { power *= 10 }
        while power > longest { power /= 10 }
        let microns = [5.0, 2, 1].map { $0 * power }.first { $0 <= longest } ?? power
        let cells = Int((microns / micronsPerCell).rounded())
        return cells >= 1 ? ScaleBar(microns: microns, cells: cells) : nil
    }

    /// "500 µm", "2 mm", "0.5 µm".
    public var label: String {
        if microns >= 1000 { return "\(Self.number(microns / 1000)) mm" }
        return "\(Self.number(microns)) µm"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
