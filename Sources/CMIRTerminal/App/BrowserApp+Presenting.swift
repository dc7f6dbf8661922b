import Foundation

/// Presenting a state: the changed text, then the images that changed, inside one synchronized update.
extension BrowserApp {
    func present(on terminal: Terminal) {
        if service == nil, let ready = handoff?.take() { use(ready) }
        var frame = BrowserView.render(state)
        var drawn: [(placement: ImagePlacement, image: RenderedImage)] = []
        let results = thumbnails?.results(for: frame.images) ?? frame.images.map { _ in nil }
        var pending = 0
        for (placement, result) in zip(frame.images, results) {
            let box = placement.box
            switch result {
            case .ready(let image)?: drawn.append((placement, image))
            case .nothing?: break
            case .failed(let reason)?:
                frame.canvas.putCentred("cannot show: \(reason)", column: box.column, width: box.columns,
                                        row: box.row + box.rows / 2, style: CellStyle(.error))
                // The viewer's slide failing to read is news for the status row (its box may be narrower than the reason).
                if state.screen == .viewer, placement.image.slide != nil {
                    let row = frame.canvas.rows - 1
                    frame.canvas.fill(CellRect(column: 0, row: row, columns: frame.canvas.columns, rows: 1))
                    frame.canvas.put(Canvas.truncated("cannot read the slide: \(reason)", toWidth: frame.canvas.columns - 1),
                                     column: 0, row: row, style: CellStyle(.error, bold: true))
                }
            case nil:
                // Until it is ready, the image this box showed stays (no blank flash while the crop
                // rectangle moves); a box that showed none is counted for the status row.
                if let standIn = shownImages.first(where: { $0.box == box }), let image = thumbnails?.cached(standIn) {
                    drawn.append((standIn, image))
                } else {
                    pending += 1
                }
            }
        }
        // Waiting images are announced on the status row, not in their boxes: text there would make
        // every image of those rows redraw when it goes away.
        if pending > 0 {
            let note = " rendering \(pending) \(pending == 1 ? "image" : "images")… "
            let row = frame.canvas.rows - 1, width = Canvas.width(of: note)
            frame.canvas.put(note, column: max(0, frame.canvas.columns - 1 - width), row: row, style: CellStyle(.dim, reverse: true))
        }
        // Once the first screen is complete, load the models in the background, so the first search
        // does not wait for them (and the first screen did not share the cores with them).
        if pending == 0, !preloadStarted, let service {
            preloadStarted = true
            DispatchQueue.global(qos: .utility).async(group: background) { service.preload() }
        }
        let placements = paneShown ? drawn.map(\.placement) : []
        let plan = RedrawPlan(previous: shownImages, next: placements, changedRows: frame.canvas.changedRows(since: shownCanvas),
                              fullRepaint: needsFullRepaint)
        let images = Dictionary(drawn.map { ($0.placement, $0.image) }, uniquingKeysWith: { first, _ in first })
        var cleared: [UInt8] = []
        if needsFullRepaint {
            terminal.forget()
            cleared = imageWriter.clearScreen()
        }
        terminal.writeRaw(ImageWriter.beginUpdate + cleared + imageWriter.erase(plan.erase))
        terminal.show(frame.canvas)
        let draws = plan.draw.compactMap { placement in
            images[placement].map { image in
                let origin = image.origin(in: placement.box)
                return (column: origin.column, row: origin.row, box: placement.box, image: image)
            }
        }
        terminal.writeRaw(imageWriter.draw(draws) + ImageWriter.endUpdate + pendingOutput)
        pendingOutput = []
        shownCanvas = frame.canvas
        shownImages = placements
        needsFullRepaint = false
    }
}
