/// Channel concatenation of two batches of the same size (the U-Net's skip connections), and its split.
enum ChannelConcatenation {
    static func forward<T: NetworkScalar>(_ a: Tensor<T>, _ b: Tensor<T>) -> Tensor<T> {
        precondition(a.count == b.count && a.height == b.height && a.width == b.width, "concatenated sizes differ")
        var y = Tensor<T>(count: a.count, channels: a.channels + b.channels, height: a.height, width: a.width)
        let sizeA = a.imageSize, sizeB = b.imageSize
        a.data.withUnsafeBufferPointer { ap in
            b.data.withUnsafeBufferPointer { bp in
                y.data.withUnsafeMutableBufferPointer { yp in
                    NetworkThreads.forEach(a.count) { n in
                        let target = yp.baseAddress! + n * (sizeA + sizeB)
                        target.update(from: ap.baseAddress! + n * sizeA, count: sizeA)
                        (target + sizeA).update(from: bp.baseAddress! + n * sizeB, count: sizeB)
                    }
                }
            }
        }
        return y
    }

    /// Splits a gradient into the parts of the first `channelsA` channels and the rest.
    static func backward<T: NetworkScalar>(_ dy: Tensor<T>, channelsA: Int) -> (Tensor<T>, Tensor<T>) {
        var da = Tensor<T>(count: dy.count, channels: channelsA, height: dy.height, width: dy.width)
        var db = Tensor<T>(count: dy.count, channels: dy.channels - channelsA, height: dy.height, width: dy.width)
        let sizeA = da.imageSize, sizeB = db.imageSize
        dy.data.withUnsafeBufferPointer { gp in
            da.data.withUnsafeMutableBufferPointer { ap in
                db.data.withUnsafeMutableBufferPointer { bp in
                    NetworkThreads.forEach(dy.count) { n in
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
