import Foundation

extension SeededRandom {
    /// A standard normal sample (Box-Muller), for weight initialisation.
    mutating func nextGaussian() -> Double {
        let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
