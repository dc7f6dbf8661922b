/// How a model was trained, stored in the model file.
public struct TrainingRecord: Codable, Sendable, Equatable {
    public struct Point: Codable, Sendable, Equatable {
        public var iteration: Int
        public var loss: Double
        public var validationLoss: Double?
    }

    public var settings: TrainingSettings
    /// Names of the image pairs trained on and held back for validation.
    public var trainingPairs: [String]
    public var validationPairs: [String]
    /// Folders per modality, as given.
    public var folders: [String]
    public var iterationsDone: Int
    public var seconds: Double
    public var history: [Point]
    /// Batches whose plain average replaced the running batch-normalisation statistics after the last iteration
    /// (nil until then), and the validation loss measured afterwards.
    public var recalibrationBatches: Int?
    public var finalValidationLoss: Double?
}
