import EdgeModel
@testable import EdgeRuntime

/// Tiny configurations and weight sources built for tests.
enum TestModels {
    /// 2 blocks, dim 64, 4 query / 2 KV heads of 16, FFN 96, vocab 50 (all multiples of 32 where Q8_0 needs it).
    static func tiny(sharing: SharingStrategy = .none, repeats: Int = 1, precision: Precision = .f32,
                     kvPrecision: Precision = .f32, qkNorm: Bool = false, blocks: Int = 2,
                     sharedEmbedding: Bool = true) -> ModelConfig {
        ModelConfig(name: "tiny", blocks: blocks, dim: 64, heads: 4, kvHeads: 2, headDim: 16, ffnHidden: 96, vocab: 50,
                    context: 32, ropeTheta: 10_000, normEps: 1e-5, qkNorm: qkNorm, sharedEmbedding: sharedEmbedding,
                    sharing: sharing, repeats: repeats, precision: precision, kvPrecision: kvPrecision)
    }

    static let prompt: [Int32] = [1, 7, 42, 3, 19, 25, 8, 49]
}

/// A weight source assembled from tensors of other sources (kept alive) or owned copies, under new names.
final class TensorMapSource: WeightSource, @unchecked Sendable {
    let origin = "test"
    let config: ModelConfig
    let ropeStyle: RopeStyle
    let tensors: [String: WeightTensor]
    private let keepAlive: [AnyObject]

    init(config: ModelConfig, ropeStyle: RopeStyle, tensors: [String: WeightTensor], keepAlive: [AnyObject]) {
        self.config = config
        self.ropeStyle = ropeStyle
        self.tensors = tensors
        self.keepAlive = keepAlive
    }

    /// The unshared equivalent of `shared`: executed layer i gets its own block, whose tensors are the same bytes
    /// as shared block schedule[i].
    static func unrolled(_ shared: WeightSource) -> TensorMapSource {
        var config = shared.config
        let schedule = config.schedule
        config.blocks = schedule.count
        config.sharing = .none
        config.repeats = 1
        var tensors: [String: WeightTensor] = [:]
        for (name, tensor) in shared.tensors where !name.hasPrefix("blk.") { tensors[name] = tensor }
        for (layer, block) in schedule.enumerated() {
            for (name, tensor) in shared.tensors where name.hasPrefix("blk.\(block).") {
                let suffix = name.dropFirst("blk.\(block).".count)
                var copy = tensor
                copy.name = "blk.\(layer).\(suffix)"
                tensors[copy.name] = copy
            }
        }
        return TensorMapSource(config: config, ropeStyle: shared.ropeStyle, tensors: tensors, keepAlive: [shared])
    }

    /// `source` (f32, halves) with the rows of every Q and K matrix permuted as llama.cpp's converter does, for
    /// the interleaved RoPE pairing: new row h·hd + 2i + j = old row h·hd + j·hd/2 + i.
    static func interleaved(_ source: WeightSource) -> TensorMapSource {
        let c = source.config
        var tensors = source.tensors
        var owned: [AlignedBuffer] = []
        for (name, tensor) in source.tensors where name.hasSuffix("attn_q.weight") || name.hasSuffix("attn_k.weight") {
            precondition(tensor.type == .f32)
            let heads = tensor.rows / c.headDim, half = c.headDim / 2
            let buffer = AlignedBuffer(byteCount: tensor.byteCount)
            let src = tensor.data.assumingMemoryBound(to: Float.self), dst = buffer.pointer(Float.self)
            for h in 0..<heads {
                for i in 0..<half {
                    for j in 0..<2 {
                        let newRow = h * c.headDim + 2 * i + j, oldRow = h * c.headDim + j * half + i
                        (dst + newRow * tensor.columns).update(from: src + oldRow * tensor.columns, count: tensor.columns)
                    }
                }
            }
            owned.append(buffer)
            var copy = tensor
            copy.data = UnsafeRawPointer(buffer.raw)
            tensors[name] = copy
        }
        return TensorMapSource(config: c, ropeStyle: .interleaved, tensors: tensors, keepAlive: [source] + owned)
    }
}

/// Largest absolute difference between two logit matrices of the same shape.
func maxDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
    zip(a, b).map { zip($0, $1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
}
