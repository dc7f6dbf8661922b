/// Turns the bytes a terminal sends into keys and mouse events: UTF-8 text, control keys, the CSI and
/// SS3 sequences of xterm-compatible terminals (arrows, shift+arrows, Home/End, PgUp/PgDn, Delete) and
/// SGR mouse reports (xterm mode 1006) of the left button and the wheel. (ncurses' key and mouse decoding
/// merges or drops mouse presses that arrive close together, which breaks dragging: so cmir decodes input itself.)
///
/// A lone Esc cannot be told from the start of a sequence until a moment passes without more bytes:
/// the caller waits `escapeTimeout` and then calls `flushEscape()`.
public struct InputDecoder: Sendable {
    public static let escapeTimeout: Duration = .milliseconds(25)
    private var buffer: [UInt8] = []

    public init() {}

    /// True when the bytes so far end in an unfinished escape sequence (maybe a lone Esc).
    public var isWaitingForEscape: Bool { buffer.first == 0x1B }

    /// Decodes every complete event in `bytes` (plus what was left over from before).
    public mutating func feed(_ bytes: [UInt8]) -> [InputEvent] {
        buffer += bytes
        var events: [InputEvent] = []
        while !buffer.isEmpty {
            guard let (event, length) = Self.decode(buffer[...]) else { break }
            if let event { events.append(event) }
            buffer.removeFirst(length)
        }
        return events
    }

    /// The pause after an Esc has passed: what is buffered is an Esc key followed by plain input.
    public mutating func flushEscape() -> [InputEvent] {
        guard buffer.first == 0x1B else { return [] }
        buffer.removeFirst()
        var events: [InputEvent] = [.key(.escape)]
        let rest = buffer
        buffer = []
        for byte in rest {
            if let key = Self.controlKey(byte) { events.append(.key(key)) } else if byte >= 0x20 && byte < 0x7F {
                events.append(.key(.character(Character(Unicode.Scalar(byte)))))
            }
        }
        return events
    }

    /// One event from the start of `bytes` and how many bytes it took; nil when more bytes are needed.
    /// The event itself is nil for recognised input that means nothing here (other mouse buttons, ...).
    static func decode(_ bytes: ArraySlice<UInt8>) -> (InputEvent?, Int)? {
        let first = bytes[bytes.startIndex]
        if first == 0x1B { return decodeEscape(bytes) }
        if let key = controlKey(first) { return (.key(key), 1) }
        if first < 0x80 { return (first >= 0x20 ? .key(.character(Character(Unicode.Scalar(first)))) : nil, 1) }
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        guard bytes.count >= length else { return nil }
        let text = String(decoding: bytes.prefix(length), as: UTF8.self)
        return (text.first.map { .key(.character($0)) }, length)
    }

    static func controlKey(_ byte: UInt8) -> Key? {
        switch byte {
        case 0x0D, 0x0A: .enter
        case 0x09: .tab
        case 0x7F, 0x08: .backspace
        case 0x01...0x1A: .control(Character(Unicode.Scalar(byte + 0x60)))
        default: nil
        }
    }

    private static func decodeEscape(_ bytes: ArraySlice<UInt8>) -> (InputEvent?, Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let introducer = bytes[start + 1]
        if introducer == UInt8(ascii: "O") {
            guard bytes.count >= 3 else { return nil }
            let key: Key? = switch bytes[start + 2] {
            case UInt8(ascii: "A"): .up
            case UInt8(ascii: "B"): .down
            case UInt8(ascii: "C"): .right
            case UInt8(ascii: "D"): .left
            case UInt8(ascii: "H"): .home
            case UInt8(ascii: "F"): .end
            case UInt8(ascii: "M"): .enter
            default: nil
            }
            return (key.map { .key($0) }, 3)
        }
        guard introducer == UInt8(ascii: "[") else {
            // Esc followed by something else: an Esc key, then that input on its own.
            return (.key(.escape), 1)
        }
        var index = start + 2
        while index < bytes.endIndex, (0x20...0x3F).contains(bytes[index]) { index += 1 }
        guard index < bytes.endIndex else { return nil }
        let final = bytes[index]
        let parameters = String(decoding: bytes[(start + 2)..<index], as: UTF8.self)
        return (csi(parameters: parameters, final: final), index - start + 1)
    }

    private static func csi(parameters: String, final: UInt8) -> InputEvent? {
        if parameters.hasPrefix("<") { return mouse(parameters.dropFirst(), release: final == UInt8(ascii: "m")) }
        if parameters.isEmpty && (final == UInt8(ascii: "I") || final == UInt8(ascii: "O")) { return .focus(final == UInt8(ascii: "I")) }
        let numbers = parameters.split(separator: ";").map { Int($0) ?? 0 }
        let shifted = numbers.count >= 2 && numbers[1] == 2
        let key: Key? = switch final {
        case UInt8(ascii: "A"): shifted ? .shiftUp : .up
        case UInt8(ascii: "B"): shifted ? .shiftDown : .down
        case UInt8(ascii: "C"): shifted ? .shiftRight : .right
        case UInt8(ascii: "D"): shifted ? .shiftLeft : .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "Z"): .tab
        case UInt8(ascii: "~"):
            switch numbers.first ?? 0 {
            case 1, 7: .home
            case 4, 8: .end
            case 5: .pageUp
            case 6: .pageDown
            case 3: .delete
            default: nil
            }
        default: nil
        }
        return key.map { .key($0) }
    }

    /// "b;x;y" of an SGR report: button 0 is the left button, +32 means motion, 64 and 65 the wheel turned up and
    /// down (+4, +8, +16 for Shift, Meta, Ctrl); coordinates are 1-based.
    private static func mouse(_ text: Substring, release: Bool) -> InputEvent? {
        let numbers = text.split(separator: ";").compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        if numbers[0] & 64 != 0 {
            // Wheels report presses only; 66 and 67 (sideways) mean nothing here.
            guard !release, numbers[0] & 0b11 < 2 else { return nil }
            return .wheel(MouseWheel(up: numbers[0] & 0b11 == 0, column: numbers[1] - 1, row: numbers[2] - 1))
        }
        guard numbers[0] & 0b11 == 0 else { return nil }
        let kind: MouseEvent.Kind = release ? .release : (numbers[0] & 32 != 0 ? .drag : .press)
        return .mouse(MouseEvent(kind, column: numbers[1] - 1, row: numbers[2] - 1))
    }
}
