/// The U-Net's skip connection: a deeper level's features upsampled and concatenated with the encoder's features
/// along the channels, and the split of the gradient.
enum ChannelConcatenation {
    /// concat(upsample2x(deep), skip) in one pass: the upsampled tensor, the largest of a decoder level, is never
    /// stored on its own.
    static func upsampledForward<T: NetworkScalar>(_ deep: Tensor<T>, _ skip: Tensor<T>) -> Tensor<T> {
        precondition(deep.count == skip.count && 2 * deep.height == skip.height && 2 * deep.width == skip.width,
                     "upsampled concatenation sizes differ")
        var y = Tensor<T>.uninitialized(count: skip.count, channels: deep.channels + skip.channels, height: skip.height, width: skip.width)
        let h = deep.height, w = deep.width, width = skip.width, plane = skip.planeSize
        let deepSize = deep.imageSize, skipSize = skip.imageSize, outSize = y.imageSize, deepChannels = deep.channels
        deep.data.withUnsafeBufferPointer { dp in
            skip.data.withUnsafeBufferPointer { sp in
                y.data.withUnsafeMutableBufferPointer { yp in
                    ParallelMap.forEach(skip.count * (deepChannels + 1)) { unit in
                        let n = unit / (deepChannels + 1), c = unit % (deepChannels + 1)
                        let image = yp.baseAddress! + n * outSize
                        if c == deepChannels {
                            (image + deepChannels * plane).update(from: sp.baseAddress! + n * skipSize, count: skipSize)
                            return
                        }
                        let source = dp.baseAddress! + n * deepSize + c * h * w, target = image + c * plane
                        for sy in 0..<h {
                            let line = target + 2 * sy * width
                            for sx in 0..<w {
                                let v = source[sy * w + sx]
                                line[2 * sx] = v
                                line[2 * sx + 1] = v
                            }
                            (line + width).update(from: line, count: width)
                        }
                    }
                }
            }
        }
        return y
    }

    /// Splits a gradient into the parts of the first `channelsA` channels and the rest.
    static func backward<T: NetworkScalar>(_ dy: Tensor<T>, channelsA: Int) -> (Tensor<T>, Tensor<T>) {
        var da = Tensor<T>.uninitialized(count: dy.count, channels: channelsA, height: dy.height, width: dy.width)
        var db = Tensor<T>.uninitialized(count: dy.count, channels: dy.channels - channelsA, height: dy.height, width: dy.width)
        let sizeA = da.imageSize, sizeB = db.imageSize
        dy.data.withUnsafeBufferPointer { gp in
            da.data.withUnsafeMutableBufferPointer { ap in
                db.data.withUnsafeMutableBufferPointer { bp in
                    ParallelMap.forEach(dy.count) { n in
                        let source = gp.baseAddress! + n * (sizeA + sizeB)
                        (ap.baseAddress! + n * sizeA).update(from: source, count: sizeA)
                        (bp.baseAddress! + n * sizeB).update(from: source + sizeA, count: sizeB)
                    }
                }
            }
        }
        return (da, db)
    }
}
