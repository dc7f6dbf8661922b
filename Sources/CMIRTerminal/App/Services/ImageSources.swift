import CMIRKit

/// Where the thumbnails' pixels come from: a query's picture from the decoded queries, a repository image's
/// from its file, a part of a slide from its tiles, and either's representation from the engine.
struct ImageSources: Sendable {
    let service: SearchService
    let queries: QueryImages
    let slides: SlideTiles

    func image(path: String, role: ImageRole, layer: ImageLayer) throws -> Image {
        let picture = role == .query ? try queries.image(at: path).image : try ImageFile.load(path).image
        return try shown(picture, role: role, layer: layer)
    }

    func slideRegion(path: String, view: SlideView, layer: ImageLayer, pixelWidth: Int, pixelHeight: Int,
                     isCancelled: @escaping @Sendable () -> Bool) throws -> Image {
        let picture = try slides.region(path: path, view: view, pixelWidth: pixelWidth, pixelHeight: pixelHeight, isCancelled: isCancelled)
        return try shown(picture, role: .repository, layer: layer)
    }

    private func shown(_ picture: Image, role: ImageRole, layer: ImageLayer) throws -> Image {
        layer == .picture ? picture : try service.representation(of: picture, role: role)
    }
}
