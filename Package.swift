// swift-tools-version:6.0
import PackageDescription

/// OpenCV 4 from Debian (`libopencv-dev`): headers live under /usr/include/opencv4.
let openCVLibraries = ["opencv_core", "opencv_imgproc", "opencv_imgcodecs", "opencv_features2d", "opencv_flann"]

let package = Package(
    name: "cmir",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cmir", targets: ["cmir"]),
        .executable(name: "cmir-bench", targets: ["cmir-bench"]),
        .library(name: "CMIRKit", targets: ["CMIRKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "COpenCV",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-O2"])],
            linkerSettings: openCVLibraries.map { .linkedLibrary($0) }
        ),
        .systemLibrary(name: "CSixel", pkgConfig: "libsixel", providers: [.apt(["libsixel-dev"])]),
        /// Chafa (`libchafa-dev`, with glib's headers): images as Unicode symbols, the text fallback.
        .systemLibrary(name: "CChafa", pkgConfig: "chafa", providers: [.apt(["libchafa-dev", "libglib2.0-dev"])]),
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSlide", pkgConfig: "openslide", providers: [.apt(["libopenslide-dev"])]),
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "CMIRKit",
            dependencies: ["COpenCV", "CBLAS", "CSQLite", "COpenSlide", "CTIFF", "CZlib", "CCrypto", "CFFTW"]
        ),
        .target(
            name: "CMIRTerminal",
            dependencies: ["CMIRKit", "CSixel", "CChafa", "CNcurses", "CMalloc"]
        ),
        .executableTarget(
            name: "cmir",
            dependencies: [
                "CMIRKit", "CMIRTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "cmir-bench",
            dependencies: ["CMIRKit", "CMIRTerminal", "CMIRTerminalHarness", "CMIRTestSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        /// A pseudo-terminal and a model of a terminal (xterm, kitty, iTerm2, ...), to run the browser as a user
        /// would: for the browser benchmarks and the end-to-end tests.
        .target(name: "CMIRTerminalHarness", dependencies: ["CMIRKit"]),
        .target(name: "CMIRTestSupport", dependencies: ["CMIRKit"], path: "Tests/CMIRTestSupport"),
        .testTarget(name: "CMIRKitTests", dependencies: ["CMIRKit", "CMIRTestSupport"]),
        .testTarget(name: "CMIRTerminalTests", dependencies: ["CMIRTerminal", "CMIRKit", "CMIRTestSupport", "CMIRTerminalHarness"]),
        .testTarget(name: "cmirTests", dependencies: ["CMIRKit", "CMIRTestSupport"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
