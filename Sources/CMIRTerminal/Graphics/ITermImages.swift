import Foundation

/// iTerm2's inline images (`OSC 1337 ; File = keys : base64 BEL`), which iTerm2, WezTerm and VS Code show:
/// the file is sent whole each time it is drawn (the protocol has no ids), scaled by the terminal into a box
/// of cells.
public enum ITermImages {
    /// The sequence that draws `png` at the cursor into `columns` x `rows` cells, keeping its aspect ratio,
    /// and leaves the cursor where it was (terminals that do not know `doNotMoveCursor` move it, which the
    /// caller's save and restore of the cursor undoes).
    public static func sequence(png: [UInt8], columns: Int, rows: Int) -> [UInt8] {
        let keys = "inline=1;size=\(png.count);width=\(columns);height=\(rows);preserveAspectRatio=1;doNotMoveCursor=1"
        return Array("\u{1B}]1337;File=\(keys):".utf8) + Array(Data(png).base64EncodedString().utf8) + [0x07]
    }
}
