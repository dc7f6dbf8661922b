import CTIFF

extension Slide {
    /// libtiff, which OpenSlide reads TIFF-based slides with, prints its errors and warnings to stderr: over a
    /// full-screen program's display, and as noise beside cmir's one-line errors (a generic pyramidal TIFF can
    /// warn on every tile). Read errors still reach the caller through OpenSlide as `CMIRError`s. Evaluated once,
    /// before OpenSlide first looks at a file.
    static let libraryMessagesSilenced: Void = {
        TIFFSetErrorHandler(nil)
        TIFFSetWarningHandler(nil)
    }()
}
