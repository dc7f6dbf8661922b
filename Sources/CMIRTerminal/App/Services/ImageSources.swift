import CMIRKit

/// Where the thumbnails' pixels come from: a query's picture from the decoded queries, a repository image's
/// from its file, and either's representation from the engine.
struct ImageSources: Sendable {
    let service: SearchService
    let queries: QueryImages

    func image(path: String, role: ImageRole, layer: ImageLayer) throws -> Image {
        let picture = role == .query ? try queries.image(at: path).image : try ImageFile.load(path).image
        return layer == .picture ? picture : try service.representation(of: picture, role: role)
    }
}
