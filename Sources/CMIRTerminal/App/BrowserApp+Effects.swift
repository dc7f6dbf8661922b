import CMIRKit
import Foundation

/// The effects the state machine asks for, and the background work behind them.
extension BrowserApp {
    /// Runs an effect; quick ones answer at once with events, searches answer later through the mailbox.
    func perform(_ effect: BrowserEffect) -> [BrowserEvent] {
        switch effect {
        case .quit:
            running = false
            if state.preparationFailure != nil { exitStatus = 1 }
            return []
        case .loadQuery(let path):
            let resolved = Self.expand(path)
            do {
                let image = try queryImages.image(at: resolved).image
                return [.queryLoaded(path: resolved, width: image.width, height: image.height)]
            } catch {
                return [.queryFailed(Self.describe(error))]
            }
        case .search(let request):
            guard let service else { return [.searchFailed(id: request.id, "the index is not open yet")] }
            let mailbox = self.mailbox, cancelled = self.cancelled, queryImages = self.queryImages
            DispatchQueue.global(qos: .userInitiated).async(group: background) {
                let progress = MailboxProgress(mailbox: mailbox) { .searchProgress(id: request.id, $0) }
                do {
                    let query = try queryImages.image(at: request.queryPath).image
                    let outcome = try service.search(request, query: query, progress: progress) { cancelled.contains(request.id) }
                    mailbox.post(.searchFinished(id: request.id, outcome))
                } catch is CancellationError {
                    // The browser has moved on already.
                } catch {
                    mailbox.post(.searchFailed(id: request.id, Self.describe(error)))
                }
            }
            return []
        case .cancelSearch(let id):
            cancelled.cancel(id)
            return []
        case let .saveCrop(queryPath, region):
            do {
                return [.cropSaved(path: try saveCrop(of: queryPath, region: region), region: region)]
            } catch {
                return [.cropSaveFailed(Self.describe(error))]
            }
        case .completePath(let typed):
            let completion = PathCompletion.complete(typed)
            return [.pathCompleted(text: completion.text, choices: completion.choices)]
        case .loadWords(let match):
            guard let service, let results = state.results else { return [] }
            do {
                let overlay = WordOverlay.shared(for: match, frame: results.frame(of: match), query: results.outcome.queryWords,
                                                 match: try service.words(of: match))
                return [.wordsLoaded(overlay)]
            } catch {
                return [.wordsFailed(Self.describe(error))]
            }
        case let .openSlide(path, name, match):
            // A slide's header may take a while to read (a network share): never on the event loop.
            let tiles = slideTiles, mailbox = self.mailbox
            DispatchQueue.global(qos: .userInitiated).async(group: background) {
                do {
                    let slide = try tiles.slide(at: path)
                    mailbox.post(.slideOpened(ViewedSlide(path: path, name: name, width: slide.width, height: slide.height,
                                                          downsamples: slide.levels.map(\.downsample),
                                                          micronsPerPixel: slide.micronsPerPixel?.x), match: match))
                } catch {
                    mailbox.post(.slideFailed(Self.describe(error)))
                }
            }
            return []
        case .exportResults:
            guard let results = state.results else { return [] }
            do {
                let written = try ResultsExport.write(results, besideIndex: service?.engine.indexPath)
                return [.resultsExported(path: written.path, places: written.places)]
            } catch {
                return [.exportFailed(Self.describe(error))]
            }
        case .copyToClipboard(let text):
            pendingOutput += ClipboardSequence.osc52(text, insideTmux: ProcessInfo.processInfo.environment["TMUX"] != nil)
            return [.copied(text)]
        }
    }

    func use(_ service: SearchService) {
        self.service = service
        let sources = ImageSources(service: service, queries: queryImages, slides: slideTiles)
        let renderer = ImageRenderer(mode: capabilities.graphics, cell: (capabilities.cellWidth, capabilities.cellHeight),
                                     sourceCapacity: 16, loader: { path, role, layer in
            try sources.image(path: path, role: role, layer: layer)
        }, slideLoader: { path, view, layer, width, height, isCancelled in
            try sources.slideRegion(path: path, view: view, layer: layer, pixelWidth: width, pixelHeight: height, isCancelled: isCancelled)
        })
        let mailbox = self.mailbox
        thumbnails = ThumbnailStore(renderer: renderer, group: background) { mailbox.nudge() }
        state.rerankDefault = true
    }

    func prepare(_ build: @escaping @Sendable (any ProgressReporter, @escaping @Sendable () -> Bool) throws -> SearchService) {
        let mailbox = self.mailbox, cancelled = preparationCancelled
        let box = ServiceHandoff()
        handoff = box
        DispatchQueue.global(qos: .userInitiated).async(group: background) {
            let progress = MailboxProgress(mailbox: mailbox) { .preparationProgress($0) }
            do {
                let service = try build(progress) { cancelled.contains(0) }
                box.set(service)
                mailbox.post(.repositoryReady(service.repositoryInfo))
            } catch {
                mailbox.post(.preparationFailed(Self.describe(error)))
            }
        }
    }

    func saveCrop(of queryPath: String, region: PixelRect) throws -> String {
        let loaded = try queryImages.image(at: queryPath)
        guard let cropped = loaded.image.cropped(to: region) else { throw CMIRError.input("the region lies outside the image") }
        do {
            try FileManager.default.createDirectory(atPath: cropsFolder, withIntermediateDirectories: true)
        } catch {
            throw CMIRError.failure("cannot create \(cropsFolder)")
        }
        // The stem stays the query's, so `cmir eval` pairs the saved patch with its true match.
        let path = (cropsFolder as NSString).appendingPathComponent(FileStem.of(queryPath) + ".png")
        try ImageFile.save(cropped, to: path, format: loaded.bitsPerSample > 8 ? .uint16 : .uint8)
        return path
    }

    static func expand(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }

    static func describe(_ error: Error) -> String {
        (error as? CMIRError)?.description ?? "\(error)"
    }
}
