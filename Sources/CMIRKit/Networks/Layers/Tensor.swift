/// A batch of feature maps, NCHW: `count` images of `channels` planes of `height * width` values.
/// NCHW keeps each image's planes contiguous, which is what im2col and a row-major GEMM want
/// (output = weights[out, in*9] x columns[in*9, height*width], one image at a time).
public struct Tensor<T: NetworkScalar>: Sendable {
    public var count: Int
    public var channels: Int
    public var height: Int
    public var width: Int
    public var data: [T]

    public init(count: Int, channels: Int, height: Int, width: Int, data: [T]) {
        precondition(data.count == count * channels * height * width, "tensor data does not match its shape")
        self.count = count; self.channels = channels; self.height = height; self.width = width
        self.data = data
    }

    public init(count: Int, channels: Int, height: Int, width: Int) {
        self.init(count: count, channels: channels, height: height, width: width,
                  data: [T](repeating: 0, count: count * channels * height * width))
    }

    public var planeSize: Int { height * width }
    /// Values per image.
    public var imageSize: Int { channels * height * width }

    /// A zero tensor of the same shape.
    public func zeros() -> Tensor { Tensor(count: count, channels: channels, height: height, width: width) }

    /// A tensor whose values are arbitrary, for outputs a layer overwrites entirely. Skipping the zero fill
    /// matters: a serial memset of every activation costs as much as a parallel layer pass, and the first
    /// touch of the fresh pages then happens on the worker threads that write them.
    static func uninitialized(count: Int, channels: Int, height: Int, width: Int) -> Tensor {
        let total = count * channels * height * width
        return Tensor(count: count, channels: channels, height: height, width: width,
                      data: [T](unsafeUninitializedCapacity: total) { buffer, initialized in
                          HugePages.request(UnsafeMutableRawBufferPointer(buffer))
                          initialized = total
                      })
    }

    /// An uninitialized tensor of the same shape.
    func uninitializedCopyShape() -> Tensor {
        .uninitialized(count: count, channels: channels, height: height, width: width)
    }

    public func hasSameShape(as other: Tensor) -> Bool {
        count == other.count && channels == other.channels && height == other.height && width == other.width
    }

    /// Images `range` of the batch.
    func images(_ range: Range<Int>) -> Tensor {
        Tensor(count: range.count, channels: channels, height: height, width: width,
               data: Array(data[(range.lowerBound * imageSize)..<(range.upperBound * imageSize)]))
    }

    /// The images of `self` followed by those of `other` (same image shape).
    func appending(_ other: Tensor) -> Tensor {
        precondition(channels == other.channels && height == other.height && width == other.width, "stacking needs equal image shapes")
        return Tensor(count: count + other.count, channels: channels, height: height, width: width, data: data + other.data)
    }
}
