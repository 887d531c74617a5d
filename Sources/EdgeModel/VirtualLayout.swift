/// A virtual address layout for a model's buffers, as a runtime would allocate them.
///
/// Weights are packed in `ModelConfig.tensors` order (as in a model file; shared blocks are stored once),
/// then one K and one V cache per executed layer sized for `kvCapacity` positions, then the activation
/// buffers sized for `maxTokens` tokens per step. Every buffer starts on a `alignment`-byte boundary.
public struct VirtualLayout: AddressMap, Sendable {
    public let base: UInt64
    public let alignment: Int
    private var weights: [String: UInt64] = [:]
    private var kCaches: [UInt64] = []
    private var vCaches: [UInt64] = []
    /// Activation buffer addresses: tokens, x, xn, q, k, att, h, logits (the order of `address(of:)`).
    private var activations: [UInt64] = []
    /// One past the last byte of the layout.
    public private(set) var end: UInt64
    /// Bytes from the first activation buffer (token ids) to the end, alignment padding between them included.
    public private(set) var activationBytes = 0

    public init(config: ModelConfig, maxTokens: Int, kvCapacity: Int, base: UInt64 = 0x1000_0000, alignment: Int = 64) {
        self.base = base
        self.alignment = alignment
        var cursor = base
        func take(_ bytes: Int) -> UInt64 {
            let a = UInt64(alignment)
            cursor = (cursor + a - 1) / a * a
            defer { cursor += UInt64(bytes) }
            return cursor
        }
        for tensor in config.tensors { weights[tensor.name] = take(tensor.bytes) }
        let row = ForwardPlan(config: config).kvRowBytes * kvCapacity
        for _ in 0..<config.executedLayers {
            kCaches.append(take(row))
            vCaches.append(take(row))
        }
        let widths = [1, config.dim, config.dim, config.qDim, config.kvDim, config.qDim, config.ffnHidden, config.vocab]
        for width in widths { activations.append(take(maxTokens * width * 4)) }
        end = cursor
        activationBytes = Int(cursor - activations[0])
    }

    public func address(of buffer: BufferID) -> UInt64 {
        switch buffer {
        case .weight(let name): weights[name] ?? base
        case .kCache(let layer): kCaches[layer]
        case .vCache(let layer): vCaches[layer]
        case .tokens: activations[0]
        case .x: activations[1]
        case .xn: activations[2]
        case .q: activations[3]
        case .k: activations[4]
        case .att: activations[5]
        case .h: activations[6]
        case .logits: activations[7]
        }
    }
}
