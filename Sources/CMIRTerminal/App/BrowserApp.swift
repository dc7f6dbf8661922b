import CMIRKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the browser's repository comes from.
public enum RepositorySource: Sendable {
    /// An index that is open already.
    case ready(SearchService)
    /// An index to build (or open) first, in the background with a progress display: the demo's first start.
    case prepare(@Sendable (_ progress: any ProgressReporter, _ isCancelled: @escaping @Sendable () -> Bool) throws -> SearchService)
}

/// The browser's event loop: it sleeps in poll(2) on the terminal and the wake-up pipe (so idle costs no
/// CPU), feeds keys, mouse, resizes and background news to the state machine, runs the effects it asks
/// for (searches on a background thread), and presents each new state: the changed text, then the
/// images that changed, inside one synchronized update.
public final class BrowserApp {
    private var state: BrowserState
    private let source: RepositorySource
    private let cropsFolder: String
    private let capabilities: TerminalCapabilities
    private let wake: WakeUpPipe
    private let mailbox: Mailbox
    private var service: SearchService?
    /// Where the background index build leaves the service it opened.
    private var handoff: ServiceHandoff?
    private var thumbnails: ThumbnailStore?
    /// All background work (searches, thumbnails, the index build): waited for before `run` returns,
    /// so no thread is inside OpenCV or SQLite while the process exits.
    private let background = DispatchGroup()
    private let cancelled = CancelledSearches()
    private let preparationCancelled = CancelledSearches()
    private var preloadStarted = false
    private var running = true
    private var exitStatus: Int32 = 0

    // What is on screen now.
    private var shownCanvas: Canvas?
    private var shownImages: [ImagePlacement] = []
    private var needsFullRepaint = true

    /// `queries` are the query image paths offered by the picker; saved crops go to `cropsFolder`.
    public init(source: RepositorySource, queries: [String], cropsFolder: String, capabilities: TerminalCapabilities) throws {
        self.source = source
        self.cropsFolder = cropsFolder
        self.capabilities = capabilities
        wake = try WakeUpPipe()
        mailbox = Mailbox(wake: wake)
        let display = Display(mode: capabilities.graphics, cellWidth: capabilities.cellWidth, cellHeight: capabilities.cellHeight)
        var info: RepositoryInfo?
        if case .ready(let service) = source { info = service.repositoryInfo }
        state = BrowserState(size: TerminalSize(columns: 80, rows: 24), display: display, queries: queries, repository: info)
    }

    /// Runs until the user quits; returns the exit status (0, or 1 when the repository could not be prepared).
    public func run() throws -> Int32 {
        let terminal = try Terminal(wake: wake)
        defer { terminal.stop() }
        let size = terminal.size
        state.size = TerminalSize(columns: size.columns, rows: size.rows)
        switch source {
        case .ready(let service): use(service)
        case .prepare(let build): prepare(build)
        }
        present(on: terminal)
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0)]
        var decoder = InputDecoder()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while running {
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            // Sleep until input or news; only an unfinished Esc sequence sets a (one-off) timeout.
            let timeout = decoder.isWaitingForEscape ? Int32(InputDecoder.escapeTimeout.components.attoseconds / 1_000_000_000_000_000) : -1
            let ready = poll(&descriptors, 2, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            var events: [BrowserEvent] = []
            if ready == 0 { events += decoder.flushEscape().map(Self.event) }
            if descriptors[1].revents & Int16(POLLIN) != 0 {
                let reasons = wake.drain()
                if reasons.contains(.resized) {
                    let size = terminal.size
                    events.append(.resized(TerminalSize(columns: size.columns, rows: size.rows)))
                    needsFullRepaint = true
                }
                if reasons.contains(.continued) { needsFullRepaint = true }
                events += mailbox.take()
            }
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count <= 0 && errno != EINTR && errno != EAGAIN { break }  // the terminal went away
                if count > 0 { events += decoder.feed(Array(buffer[0..<count])).map(Self.event) }
            } else if descriptors[0].revents & Int16(POLLHUP | POLLERR) != 0 {
                break  // the terminal went away
            }
            for event in events where running { process(event) }
            if running { present(on: terminal) }
        }
        // Give the terminal back at once, then let running work reach a stopping point before exit.
        terminal.stop()
        preparationCancelled.cancel(0)
        cancelled.cancelAll()
        thumbnails?.cancelQueued()
        background.wait()
        return exitStatus
    }

    // MARK: Events and effects

    private static func event(_ input: InputEvent) -> BrowserEvent {
        switch input {
        case .key(let key): .key(key)
        case .mouse(let mouse): .mouse(mouse)
        }
    }

    private func process(_ event: BrowserEvent) {
        var pending = [event]
        while !pending.isEmpty && running {
            let effects = state.handle(pending.removeFirst())
            for effect in effects { pending += perform(effect) }
        }
    }

    /// Runs an effect; quick ones answer at once with events, searches answer later through the mailbox.
    private func perform(_ effect: BrowserEffect) -> [BrowserEvent] {
        switch effect {
        case .quit:
            running = false
            if state.preparationFailure != nil { exitStatus = 1 }
            return []
        case .loadQuery(let path):
            let resolved = Self.expand(path)
            do {
                let image = try ImageFile.load(resolved).image
                return [.queryLoaded(path: resolved, width: image.width, height: image.height)]
            } catch {
                return [.queryFailed(Self.describe(error))]
            }
        case .search(let request):
            guard let service else { return [.searchFailed(id: request.id, "the index is not open yet")] }
            let mailbox = self.mailbox, cancelled = self.cancelled
            DispatchQueue.global(qos: .userInitiated).async(group: background) {
                let progress = MailboxProgress(mailbox: mailbox) { .searchProgress(id: request.id, $0) }
                do {
                    let outcome = try service.search(request, progress: progress) { cancelled.contains(request.id) }
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
        case .loadWords(let matchPath):
            guard let service, let results = state.results else { return [] }
            do {
                let overlay = WordOverlay.shared(matchPath: matchPath, query: results.outcome.queryWords,
                                                 match: try service.words(ofImageAt: matchPath))
                return [.wordsLoaded(overlay)]
            } catch {
                return [.wordsFailed(Self.describe(error))]
            }
        }
    }

    private func use(_ service: SearchService) {
        self.service = service
        let renderer = ImageRenderer(mode: capabilities.graphics, cell: (capabilities.cellWidth, capabilities.cellHeight),
                                     sourceCapacity: 16) { path, role, layer in
            try service.image(path: path, role: role, layer: layer)
        }
        let mailbox = self.mailbox
        thumbnails = ThumbnailStore(renderer: renderer, group: background) { mailbox.nudge() }
        state.rerankDefault = true
    }

    private func prepare(_ build: @escaping @Sendable (any ProgressReporter, @escaping @Sendable () -> Bool) throws -> SearchService) {
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

    // MARK: Presenting

    private func present(on terminal: Terminal) {
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
        let placements = drawn.map(\.placement)
        let plan = RedrawPlan(previous: shownImages, next: placements, changedRows: frame.canvas.changedRows(since: shownCanvas),
                              fullRepaint: needsFullRepaint)
        let images = Dictionary(drawn.map { ($0.placement, $0.image) }, uniquingKeysWith: { first, _ in first })
        if needsFullRepaint { terminal.forget() }
        terminal.writeRaw(ImageSequences.beginUpdate + ImageSequences.erase(plan.erase))
        terminal.show(frame.canvas)
        let draws = plan.draw.compactMap { placement in
            images[placement].map { image in
                let origin = image.origin(in: placement.box)
                return (column: origin.column, row: origin.row, image: image)
            }
        }
        terminal.writeRaw(ImageSequences.draw(draws) + ImageSequences.endUpdate)
        shownCanvas = frame.canvas
        shownImages = placements
        needsFullRepaint = false
    }

    // MARK: Helpers

    private func saveCrop(of queryPath: String, region: PixelRect) throws -> String {
        let loaded = try ImageFile.load(queryPath)
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

/// Ids of searches the user cancelled (read by the background thread between stages).
final class CancelledSearches: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: Set<Int> = []
    private var all = false
    func cancel(_ id: Int) { lock.lock(); ids.insert(id); lock.unlock() }
    /// Everything, past and future: the browser is closing.
    func cancelAll() { lock.lock(); all = true; lock.unlock() }
    func contains(_ id: Int) -> Bool { lock.lock(); defer { lock.unlock() }; return all || ids.contains(id) }
}

/// Passes the prepared service from the background thread to the event loop.
final class ServiceHandoff: @unchecked Sendable {
    private let lock = NSLock()
    private var service: SearchService?
    func set(_ value: SearchService) { lock.lock(); service = value; lock.unlock() }
    func take() -> SearchService? { lock.lock(); defer { lock.unlock() }; let value = service; service = nil; return value }
}
