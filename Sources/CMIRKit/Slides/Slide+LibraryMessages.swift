import CTIFF

extension Slide {
    /// Stops libtiff (which OpenSlide reads TIFF-based slides with) from printing its errors and warnings to stderr:
    /// a full-screen program's display would be written over. Read errors still reach the caller through
    /// OpenSlide as `CMIRError`s.
    public static func silenceLibraryMessages() {
        TIFFSetErrorHandler(nil)
        TIFFSetWarningHandler(nil)
    }
}
