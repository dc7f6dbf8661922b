@testable import CMIRKit
import CMIRTestSupport
import Foundation
import Testing

@Suite("Network layers")
struct LayerTests {
    @Test("A U-Net's parameters, collected through its layers, come in the names, order and sizes of the shipped model file")
    func parametersMatchTheShippedModelFile() throws {
        let path = TestImages.checkoutRoot.appendingPathComponent("Assets/models/bf-shg.cmirmodel").path
        let bytes = [UInt8](try ModelFile.read(path))
        let headerLength = (12..<16).reversed().reduce(0) { $0 << 8 | Int(bytes[$1]) }
        let header = try JSONDecoder().decode(ModelFile.Header.self, from: Data(bytes[16..<(16 + headerLength)]))
        #expect(header.modalities.count == 2)
        for entry in header.modalities {
            var random = SeededRandom(seed: 0)
            let network = UNet<Float>(architecture: entry.architecture, name: entry.name, random: &random)
            let recorded = entry.tensors.filter { !$0.name.hasSuffix(".runningMean") && !$0.name.hasSuffix(".runningVariance") }
            #expect(network.parameters.map(\.name) == recorded.map(\.name))
            #expect(network.parameters.map(\.value.count) == recorded.map(\.count))
        }
    }
}
