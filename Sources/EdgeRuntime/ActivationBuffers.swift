import EdgeModel

/// The activation buffers of OPS.md (x, xn, q, k, att, h, logits, tokens) plus the runtime's scratch (the
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
    let owners: [String: AlignedBuffer]

    init(config: ModelConfig, maxTokens: Int, threads: Int) {
        var owners: [String: AlignedBuffer] = [:]
        func make(_ name: String, _ bytes: Int) -> UnsafeMutableRawPointer {
            let buffer = AlignedBuffer(byteCount: bytes)
            owners[name] = buffer
            return buffer.raw
        }
        let f = MemoryLayout<Float>.size
        tokens = make("tokens", maxTokens * 4).assumingMemoryBound(to: Int32.self)
        x = make("x", maxTokens * config.dim * f).assumingMemoryBound(to: Float.self)
        xn = make("xn", maxTokens * config.dim * f).assumingMemoryBound(to: Float.self)
        q = make("q", maxTokens * config.qDim * f).assumingMemoryBound(to: Float.self)
        k = make("k", maxTokens * config.kvDim * f).assumingMemoryBound(to: Float.self)
        v = make("v", maxTokens * config.kvDim * f).assumingMemoryBound(to: Float.self)
        att = make("att", maxTokens * config.qDim * f).assumingMemoryBound(to: Float.self)
        h = make("h", maxTokens * config.ffnHidden * f).assumingMemoryBound(to: Float.self)
        up = make("up", maxTokens * config.ffnHidden * f).assumingMemoryBound(to: Float.self)
        logits = make("logits", config.vocab * f).assumingMemoryBound(to: Float.self)
        scores = make("scores", threads * maxTokens * f).assumingMemoryBound(to: Float.self)
        self.owners = owners
    }
}
