/// Finds the query-sized windows of a repository image that hold the most of the query's words, from the
/// stored word positions alone (no pixels, no descriptors): the words are binned into cells, and a window's
/// score is the idf-weighted count of query words inside it, summed over its cells.
struct WindowSearch {
    /// Side of the square window, in image pixels; large enough to hold the query rotated by any angle.
    let side: Double
    /// Cell size of the binning; windows move by one cell.
    let cell: Double

    init(querySize: (width: Double, height: Double)) {
        side = (querySize.width * querySize.width + querySize.height * querySize.height).squareRoot()
        cell = max(8, side / 6)
    }

    /// Indices of `words` that lie in the best `count` windows (windows overlapping a better one by more
    /// than half are passed over). When a window covers the whole image, every word is kept.
    func wordsInBestWindows(_ words: [VisualWord], imageWidth: Int, imageHeight: Int,
                            weight: (VisualWord) -> Double, count: Int) -> [Int] {
        let columns = Int((Double(imageWidth) / cell).rounded(.up)), rows = Int((Double(imageHeight) / cell).rounded(.up))
        let span = max(1, Int((side / cell).rounded()))
        guard span < columns || span < rows else { return Array(words.indices) }
        var cells = [Double](repeating: 0, count: columns * rows)
        for word in words {
            let value = weight(word)
            guard value > 0 else { continue }
            let cx = min(columns - 1, max(0, Int(Double(word.x) / cell))), cy = min(rows - 1, max(0, Int(Double(word.y) / cell)))
            cells[cy * columns + cx] += value
        }
        // Summed-area table: any window's sum in four lookups.
        var sums = [Double](repeating: 0, count: (columns + 1) * (rows + 1))
        for y in 0..<rows {
            var line = 0.0
            for x in 0..<columns {
                line += cells[y * columns + x]
                sums[(y + 1) * (columns + 1) + x + 1] = sums[y * (columns + 1) + x + 1] + line
            }
        }
        let spanX = min(span, columns), spanY = min(span, rows)
        var windows: [(x: Int, y: Int, score: Double)] = []
        for y in 0...(rows - spanY) {
            for x in 0...(columns - spanX) {
                let score = sums[(y + spanY) * (columns + 1) + x + spanX] - sums[y * (columns + 1) + x + spanX]
                    - sums[(y + spanY) * (columns + 1) + x] + sums[y * (columns + 1) + x]
                windows.append((x, y, score))
            }
        }
        windows.sort { $0.score != $1.score ? $0.score > $1.score : ($0.y, $0.x) < ($1.y, $1.x) }
        var chosen: [(x: Int, y: Int)] = []
        for window in windows where chosen.count < count {
            let overlapsBetter = chosen.contains { abs($0.x - window.x) * 2 < spanX && abs($0.y - window.y) * 2 < spanY }
            if !overlapsBetter { chosen.append((window.x, window.y)) }
        }
        return words.indices.filter { i in
            let cx = Int(Double(words[i].x) / cell), cy = Int(Double(words[i].y) / cell)
            return chosen.contains { cx >= $0.x && cx < $0.x + spanX && cy >= $0.y && cy < $0.y + spanY }
        }
    }
}
