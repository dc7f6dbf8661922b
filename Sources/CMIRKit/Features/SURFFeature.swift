/// The last step shared by detected and grid SURF: a keypoint, turned to its dominant direction unless
/// upright, and described. Nil when the neighbourhood is flat (no direction or an all-zero descriptor).
enum SURFFeature {
    static func make<O: HaarSampler, D: HaarSampler>(_ keypoint: Keypoint, oriented: Bool,
                                                     orientationSampler: O, descriptorSampler: D) -> Feature? {
        var direction: Float = 0
        if oriented {
            guard let found = SURFOrientation.direction(x: keypoint.x, y: keypoint.y, scale: keypoint.scale,
                                                        sampler: orientationSampler) else { return nil }
            direction = found
        }
        guard let descriptor = SURFDescriptor.compute(x: keypoint.x, y: keypoint.y, scale: keypoint.scale,
                                                      direction: direction, sampler: descriptorSampler) else { return nil }
        // Image axes have y down, so a direction turning x towards y is clockwise as displayed.
        var angle = -direction
        if angle <= -.pi { angle += 2 * .pi }
        return Feature(x: keypoint.x, y: keypoint.y, scale: keypoint.scale, angle: angle,
                       strength: keypoint.strength, descriptor: descriptor)
    }
}
