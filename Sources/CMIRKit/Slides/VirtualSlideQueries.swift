import Foundation

/// The queries of a virtual slide repository and where they lie: the whole SHG image of a query core is aligned
/// with its BF core, so its centre is where the core's centre landed; a patch is cut from inside the core's disc
/// at a seeded offset, and its centre maps through the core's rotation and placement.
public enum VirtualSlideQueries {
    /// The patch's top-left corner in source pixels for each name: the patch centre lies at a uniform point of
    /// the disc of radius r - patch / sqrt(2) - 4 about the core's centre (r: the core's inscribed radius), so the
    /// whole patch lies inside the core's disc. Drawn in the order of `names` from its own seeded stream, so the
    /// patches do not change when the slide layouts do.
    public static func patchOrigins(names: [String], size: (String) -> (width: Int, height: Int), patch: Int,
                                    seed: UInt64) -> [String: (x: Int, y: Int)] {
        var random = SeededRandom(seed: seed ^ 0x7061_7463_6865_7321)
        var origins: [String: (x: Int, y: Int)] = [:]
        for name in names {
            let (width, height) = size(name)
            let reach = max(0, Double(min(width, height)) / 2 - Double(patch) / 2.squareRoot() - 4)
            let angle = random.uniform(0, 2 * .pi), distance = reach * random.unit().squareRoot()
            let cx = width / 2 + Int((distance * cos(angle)).rounded())
            let cy = height / 2 + Int((distance * sin(angle)).rounded())
            origins[name] = (cx - patch / 2, cy - patch / 2)
        }
        return origins
    }

    /// One truth row per name whose core is placed (decoys are never queries): the source point (x, y) of the core
    /// mapped onto its slide.
    public static func truth(names: [String], layouts: [VirtualSlideLayout],
                             sourcePoint: (String) -> (x: Double, y: Double)) -> [SlideTruth] {
        var found: [String: (slide: String, placement: CorePlacement)] = [:]
        for layout in layouts {
            for placement in layout.placements where !placement.isDecoy {
                found[placement.name] = (layout.name, placement)
            }
        }
        return names.compactMap { name in
            guard let (slide, placement) = found[name] else { return nil }
            let point = placement.transform.apply(sourcePoint(name).x, sourcePoint(name).y)
            return SlideTruth(query: name, slide: slide, x: point.x, y: point.y)
        }
    }
}
