/// 2 x 2 max pooling with stride 2 (even height and width). Backward routes each gradient to the position that won.
final class MaxPooling<T: NetworkScalar>: Layer {
    private var winners: [UInt8] = []
    private var inputShape: (count: Int, channels: Int, height: Int, width: Int)?

    func releaseTrainingState() { winners = []; inputShape = nil }

    func forward(_ x: Tensor<T>, training: Bool, workspace _: Workspace<T>) -> Tensor<T> {
        precondition(x.height % 2 == 0 && x.width % 2 == 0, "max pooling needs even sizes")
        let h = x.height / 2, w = x.width / 2, width = x.width
        var y = Tensor<T>.uninitialized(count: x.count, channels: x.channels, height: h, width: w)
        var won = [UInt8](unsafeUninitializedCapacity: training ? y.data.count : 0) { _, n in n = training ? h * w * x.count * x.channels : 0 }
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                won.withUnsafeMutableBufferPointer { wp in
                    ParallelMap.forEach(x.count * x.channels) { planeIndex in
                        let source = xp.baseAddress! + planeIndex * x.planeSize
                        let target = planeIndex * h * w
                        for oy in 0..<h {
                            for ox in 0..<w {
                                let p = source + 2 * oy * width + 2 * ox
                                var best = p[0], index: UInt8 = 0
                                if p[1] > best { best = p[1]; index = 1 }
                                if p[width] > best { best = p[width]; index = 2 }
                                if p[width + 1] > best { best = p[width + 1]; index = 3 }
                                yp[target + oy * w + ox] = best
                                if training { wp[target + oy * w + ox] = index }
                            }
                        }
                    }
                }
            }
        }
        if training {
            winners = won
            inputShape = (x.count, x.channels, x.height, x.width)
        }
        return y
    }

    func backward(_ dy: consuming Tensor<T>, workspace _: Workspace<T>) -> Tensor<T> {
        guard let shape = inputShape else { preconditionFailure("backward without a training forward pass") }
        inputShape = nil
        var dx = Tensor<T>.uninitialized(count: shape.count, channels: shape.channels, height: shape.height, width: shape.width)
        let h = dy.height, w = dy.width, width = shape.width
        dy.data.withUnsafeBufferPointer { gp in
            winners.withUnsafeBufferPointer { wp in
                dx.data.withUnsafeMutableBufferPointer { dp in
                    ParallelMap.forEach(shape.count * shape.channels) { planeIndex in
                        let target = dp.baseAddress! + planeIndex * shape.height * width
                        let source = planeIndex * h * w
                        for oy in 0..<h {
                            for ox in 0..<w {
                                let index = Int(wp[source + oy * w + ox]), g = gp[source + oy * w + ox]
                                let corner = target + 2 * oy * width + 2 * ox
                                corner[0] = index == 0 ? g : 0
                                corner[1] = index == 1 ? g : 0
                                corner[width] = index == 2 ? g : 0
                                corner[width + 1] = index == 3 ? g : 0
                            }
                        }
                    }
                }
            }
        }
        winners = []
        return dx
    }
}
