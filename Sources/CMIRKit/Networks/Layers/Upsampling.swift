/// 2 x nearest-neighbour upsampling (its forward pass is fused into `ChannelConcatenation.upsampledForward`).
/// Backward sums each 2 x 2 block of gradients. Nearest (not transposed convolution) keeps the decoder free of
/// checkerboard artefacts and of parameters.
enum Upsampling {
    static func backward<T: NetworkScalar>(_ dy: Tensor<T>) -> Tensor<T> {
        let h = dy.height / 2, w = dy.width / 2, width = dy.width
        var dx = Tensor<T>.uninitialized(count: dy.count, channels: dy.channels, height: h, width: w)
        dy.data.withUnsafeBufferPointer { gp in
            dx.data.withUnsafeMutableBufferPointer { dp in
                ParallelMap.forEach(dy.count * dy.channels) { planeIndex in
                    let source = gp.baseAddress! + planeIndex * 4 * h * w
                    let target = dp.baseAddress! + planeIndex * h * w
                    for y in 0..<h {
                        let top = source + 2 * y * width, bottom = top + width
                        for x in 0..<w {
                            target[y * w + x] = top[2 * x] + top[2 * x + 1] + bottom[2 * x] + bottom[2 * x + 1]
                        }
                    }
                }
            }
        }
        return dx
    }
}
