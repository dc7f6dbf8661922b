import CMIRKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The browser's event loop: it sleeps in poll(2) on the terminal and the wake-up pipe (so idle costs no
/// CPU), feeds keys, mouse, resizes and background news to the state machine, runs the effects it asks
/// for (searches on a background thread), and presents each new state: the changed text, then the
/// images that changed, inside one synchronized update.
public final class BrowserApp {
    var state: BrowserState
    let source: RepositorySource
    let cropsFolder: String
    let capabilities: TerminalCapabilities
    let wake: WakeUpPipe
    let mailbox: Mailbox
    /// The chosen queries, decoded once and shared by the crop tool, the search and the thumbnails.
    let queryImages = QueryImages()
    /// Open slides and their tiles, for the grid's overviews and the slide viewer.
    let slideTiles = SlideTiles()
    /// Bytes for the terminal that effects produced (the OSC 52 clipboard sequence), written with the next frame.
    var pendingOutput: [UInt8] = []
    var service: SearchService?
    /// Where the background index build leaves the service it opened.
    var handoff: ServiceHandoff?
    var thumbnails: ThumbnailStore?
    /// All background work (searches, thumbnails, the index build): waited for before `run` returns,
    /// so no thread is inside OpenCV or SQLite while the process exits.
    let background = DispatchGroup()
    let cancelled = CancelledSearches()
    let preparationCancelled = CancelledSearches()
    var preloadStarted = false
    var running = true
    var exitStatus: Int32 = 0

    // What is on screen now.
    var shownCanvas: Canvas?
    var shownImages: [ImagePlacement] = []
    var needsFullRepaint = true
    /// Writes the images in the terminal's protocol and knows which the terminal holds.
    let imageWriter: ImageWriter
    /// False while a focus report says the tmux pane is not shown: no pictures go out then (tmux 3.3 drops
    /// them; 3.4's `allow-passthrough all` would put them on whatever the outer terminal shows).
    var paneShown = true

    /// `queries` are the query image paths offered by the picker; saved crops go to `cropsFolder`.
    public init(source: RepositorySource, queries: [String], cropsFolder: String, capabilities: TerminalCapabilities) throws {
        self.source = source
        self.cropsFolder = cropsFolder
        self.capabilities = capabilities
        wake = try WakeUpPipe()
        mailbox = Mailbox(wake: wake)
        imageWriter = ImageWriter(mode: capabilities.graphics, tmux: capabilities.tmux)
        let display = Display(mode: capabilities.graphics, cellWidth: capabilities.cellWidth, cellHeight: capabilities.cellHeight)
        var info: RepositoryInfo?
        if case .ready(let service) = source { info = service.repositoryInfo }
        state = BrowserState(size: TerminalSize(columns: 80, rows: 24), display: display, queries: queries, repository: info)
    }

    /// Runs until the user quits; returns the exit status (0, or 1 when the repository could not be prepared).
    public func run() throws -> Int32 {
        // Inside tmux with passthrough, tmux does not know our images: focus reports tell when its pane was
        // left (kitty pictures would stay above the other window) or shown again (its text repaint erased sixel).
        let terminal = try Terminal(wake: wake, reportFocus: capabilities.tmux?.passthrough == true)
        HeapSettings.returnLargeBlocksToTheSystem()
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
            let timeout = decoder.isWaitingForEscape ? InputDecoder.escapeTimeout.pollMilliseconds : -1
            let ready = poll(&descriptors, 2, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            var events: [BrowserEvent] = []
            if ready == 0 { events += decoder.flushEscape().compactMap { event($0, terminal: terminal) } }
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
                if count > 0 { events += decoder.feed(Array(buffer[0..<count])).compactMap { event($0, terminal: terminal) } }
            } else if descriptors[0].revents & Int16(POLLHUP | POLLERR) != 0 {
                break  // the terminal went away
            }
            for event in events where running { process(event) }
            if running { present(on: terminal) }
        }
        // Give the terminal back at once (and the memory of the images it stores for us), then let running
        // work reach a stopping point before exit.
        terminal.writeRaw(imageWriter.leave())
        terminal.stop()
        preparationCancelled.cancel(0)
        cancelled.cancelAll()
        thumbnails?.cancelQueued()
        background.wait()
        return exitStatus
    }

    /// The state machine's event for an input; focus changes are handled here: leaving takes the kitty pictures
    /// off, coming back repaints everything.
    private func event(_ input: InputEvent, terminal: Terminal) -> BrowserEvent? {
        switch input {
        case .key(let key): return .key(key)
        case .mouse(let mouse): return .mouse(mouse)
        case .wheel(let wheel): return .wheel(wheel)
        case .focus(let gained):
            paneShown = gained
            if gained { needsFullRepaint = true } else { terminal.writeRaw(imageWriter.clearScreen()) }
            return nil
        }
    }

    func process(_ event: BrowserEvent) {
        var pending = [event]
        while !pending.isEmpty && running {
            let effects = state.handle(pending.removeFirst())
            for effect in effects { pending += perform(effect) }
        }
    }
}
