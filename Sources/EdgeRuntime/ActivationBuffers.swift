import EdgeModel

/// The activation buffers of `ForwardPlan` (`BufferID`: x, xn, q, k, att, h, logits, tokens) plus the runtime's scratch (the
/// f32 values before they enter an f16 cache, the up projection, per-thread attention scores), sized for
/// `maxTokens` tokens per step and allocated once.
final class ActivationBuffers: @unchecked Sendable {
    let tokens: UnsafeMutablePointer<Int32>
    let x: UnsafeMutablePointer<Float>
    let xn: UnsafeMutablePointer<Float>
    let q: UnsafeMutablePointer<Float>
    let k: UnsafeMutablePointer<Float>
    let v: UnsafeMutablePointer<Float>
    let att: UnsafeMutablePointer<Float>
    let h: UnsafeMutablePointer<Float>
    let up: UnsafeMutablePointer<Float>
    let logits: UnsafeMutablePointer<Float>
    let scores: UnsafeMutablePointer<Float>
    /// The memory behind the pointers above.
    private let memory: [AlignedBuffer]

    init(config: ModelConfig, maxTokens: Int, threads: Int) {
        var memory: [AlignedBuffer] = []
        func make(_ bytes: Int) -> UnsafeMutableRawPointer {
            let buffer = AlignedBuffer(byteCount: bytes)
            memory.append(buffer)
            return buffer.raw
        }
        let f = MemoryLayout<Float>.size
        tokens = make(maxTokens * 4).assumingMemoryBound(to: Int32.self)
        x = make(maxTokens * config.dim * f).assumingMemoryBound(to: Float.self)
        xn = make(maxTokens * config.dim * f).assumingMemoryBound(to: Float.self)
        q = make(maxTokens * config.qDim * f).assumingMemoryBound(to: Float.self)
        k = make(maxTokens * config.kvDim * f).assumingMemoryBound(to: Float.self)
        v = make(maxTokens * config.kvDim * f).assumingMemoryBound(to: Float.self)
        att = make(maxTokens * config.qDim * f).assumingMemoryBound(to: Float.self)
        h = make(maxTokens * config.ffnHidden * f).assumingMemoryBound(to: Float.self)
        up = make(maxTokens * config.ffnHidden * f).assumingMemoryBound(to: Float.self)
        logits = make(config.vocab * f).assumingMemoryBound(to: Float.self)
        scores = make(threads * maxTokens * f).assumingMemoryBound(to: Float.self)
        self.memory = memory
    }
}
