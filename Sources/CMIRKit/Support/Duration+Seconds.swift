extension Duration {
    /// The duration as a floating-point number of seconds (for timings in reports and status lines).
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
