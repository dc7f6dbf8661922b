import Foundation

/// A fine-tuning term that makes each network's single pass reproduce a teacher's quarter-turn average.
///
/// The average of a network over the four quarter turns of its input is exactly equivariant, and with the shipped
/// model it retrieves best, but it takes four passes. `EquivarianceConsistency` makes one pass equivariant too,
/// but it gets there by smoothing the output, which costs SURF points and re-ranked patch queries. This term
/// instead pulls each network's output, turned back, towards a fixed target with the teacher's detail: the
/// teacher's quarter-turn average of the whole training image, cropped like the input (for mirrored crops, the
/// average of the mirrored image). `weight` x mean squared difference, in the units of the critic's squared
/// distance. The teacher is usually the run's own finished model, so the student starts close to the target.
public struct QuarterTurnDistillation: Codable, Sendable, Equatable, ResumableTerm {
    public var weight: Double
    /// Fingerprint (`ModelFile.fingerprint`) and file name of the teacher: a resumed run must distil from the same file.
    public var teacherFingerprint: String
    public var teacherName: String
    public var fromIteration: Int?

    public init(weight: Double, teacherFingerprint: String, teacherName: String, fromIteration: Int? = nil) {
        self.weight = weight
        self.teacherFingerprint = teacherFingerprint
        self.teacherName = teacherName
        self.fromIteration = fromIteration
    }

    /// weight x mean((output - target)^2) and its gradient with respect to the output.
    func evaluate<T: NetworkScalar>(_ output: Tensor<T>, target: Tensor<T>) -> (loss: Double, gradient: Tensor<T>) {
        weightedMeanSquaredDifference(output, target, weight: weight)
    }

    /// The targets of one preprocessed training image: `network`'s quarter-turn average of it, and of its mirror
    /// image mirrored back (crops that the batch mirrors take theirs from the second).
    static func targets(network: UNet<Float>, input: Image) -> [Image] {
        [input, input.mirrored()].enumerated().map { index, image in
            let tensor = Tensor<Float>(count: 1, channels: image.channels, height: image.height, width: image.width, data: image.pixels)
            let average = CoMIRInference.quarterTurnAverage(network, tensor)
            let output = Image(width: image.width, height: image.height, channels: average.channels, pixels: average.data)
            return index == 0 ? output : output.mirrored()
        }
    }
}

/// A teacher read from its model file, with the term that records it.
public struct DistillationTeacher {
    public let model: CoMIRModel
    public let term: QuarterTurnDistillation

    public init(modelPath path: String, weight: Double) throws {
        let data = try ModelFile.read(path)
        model = try ModelFile.decode(data, name: path).model
        term = QuarterTurnDistillation(weight: weight, teacherFingerprint: ModelFile.fingerprint(of: data),
                                       teacherName: (path as NSString).lastPathComponent)
    }
}

/// A training term that a resumed run can add: it records the iteration it was added at.
protocol ResumableTerm: Equatable {
    var fromIteration: Int? { get set }
}

extension ResumableTerm {
    /// What a run resumed at `iteration` with this term records: the term already `recorded` (which keeps the
    /// iteration it was added at, e.g. a fine-tune resumed after a kill), or else this term from `iteration` on.
    func added(to recorded: Self?, at iteration: Int) -> Self {
        var new = self, old = recorded
        new.fromIteration = nil
        old?.fromIteration = nil
        if new == old, let recorded { return recorded }
        new.fromIteration = iteration
        return new
    }
}

extension Image {
    /// Channel `channel` of the `side` x `side` square at (x0, y0), optionally mirrored left to right, as
    /// value x gain + shift: a training crop.
    func cropPlane(channel: Int, x0: Int, y0: Int, side: Int, mirrored: Bool, gain: Float = 1, shift: Float = 0) -> [Float] {
        var plane = [Float](repeating: 0, count: side * side)
        for y in 0..<side {
            let row = (channel * height + y0 + y) * width + x0
            for x in 0..<side { plane[y * side + (mirrored ? side - 1 - x : x)] = pixels[row + x] * gain + shift }
        }
        return plane
    }

    /// The image mirrored left to right.
    func mirrored() -> Image {
        var out = self
        for c in 0..<channels {
            for y in 0..<height {
                let row = (c * height + y) * width
                for x in 0..<width { out.pixels[row + x] = pixels[row + width - 1 - x] }
            }
        }
        return out
    }
}
