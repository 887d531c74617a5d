import EdgeKernels
import EdgeModel

/// A parallel op: what every pool thread runs its share of.
enum Job {
    case none
    /// Up to three matmuls on the same input (rows split across threads); `swiGLU` turns a into silu(a)·b.
    case matmul(MatmulGroup)
    /// Attention of `tokens` queries starting at `start`, over executed layer `layer`'s cache.
    case attention(layer: Int, start: Int, tokens: Int)
}

/// One matmul of a group: weights, output rows and whether the output accumulates (fused residual add).
struct MatmulTarget {
    let matrix: PreparedMatrix
    let output: UnsafeMutablePointer<Float>
    let ldy: Int
    let accumulate: Bool
}

/// Matmuls sharing one input (`ActivationScratch`).
struct MatmulGroup {
    var a: MatmulTarget
    var b: MatmulTarget?
    var c: MatmulTarget?
    var tokens: Int
    var swiGLU = false
}

extension ModelRuntime {
    /// Runs one step over `tokens` tokens at positions start..<start+tokens (token ids in `buffers.tokens`) and
    /// writes the logits of the last `logitRows` tokens to `out`. The op order is OPS.md's.
    func forward(start: Int, tokens count: Int, logitRows: Int, into out: UnsafeMutablePointer<Float>) {
        let c = config, b = buffers
        let dim = c.dim, qDim = c.qDim, kvDim = c.kvDim, ffn = c.ffnHidden
        let events = OpEventEmitter.make(runtime: self, start: start, tokens: count, logitRows: logitRows, logits: out)

        for t in 0..<count { embedding.row(Int(b.tokens[t]), into: b.x + t * dim) }
        events?.emit()

        for layer in 0..<schedule.count {
            let w = blocks[schedule[layer]]
            for t in 0..<count { SwiftKernels.rmsNorm(b.x + t * dim, w.attnNorm, b.xn + t * dim, count: dim, eps: eps) }
            events?.emit()

            activations.load(b.xn, ldx: dim, tokens: count, columns: dim, for: w.q.activation)
            let vOut = kvHalf ? b.v : vCaches[layer].pointer(Float.self) + start * kvDim
            runMatmul(MatmulGroup(a: MatmulTarget(matrix: w.q, output: b.q, ldy: qDim, accumulate: false),
                                  b: MatmulTarget(matrix: w.k, output: b.k, ldy: kvDim, accumulate: false),
                                  c: MatmulTarget(matrix: w.v, output: vOut, ldy: kvDim, accumulate: false),
                                  tokens: count))
            if kvHalf { ek_f32_to_f16(b.v, vCaches[layer].pointer(UInt16.self) + start * kvDim, count * kvDim) }
            events?.emit(3)

            rope(layer: layer, start: start, tokens: count)
            events?.emit()

            job = .attention(layer: layer, start: start, tokens: count)
            dispatch()
            events?.emit()

            activations.load(b.att, ldx: qDim, tokens: count, columns: qDim, for: w.o.activation)
            runMatmul(MatmulGroup(a: MatmulTarget(matrix: w.o, output: b.x, ldy: dim, accumulate: true), tokens: count))
            events?.emit()

            for t in 0..<count { SwiftKernels.rmsNorm(b.x + t * dim, w.ffnNorm, b.xn + t * dim, count: dim, eps: eps) }
            events?.emit()

            activations.load(b.xn, ldx: dim, tokens: count, columns: dim, for: w.gate.activation)
            runMatmul(MatmulGroup(a: MatmulTarget(matrix: w.gate, output: b.h, ldy: ffn, accumulate: false),
                                  b: MatmulTarget(matrix: w.up, output: b.up, ldy: ffn, accumulate: false),
                                  tokens: count, swiGLU: true))
            events?.emit()

            activations.load(b.h, ldx: ffn, tokens: count, columns: ffn, for: w.down.activation)
            runMatmul(MatmulGroup(a: MatmulTarget(matrix: w.down, output: b.x, ldy: dim, accumulate: true), tokens: count))
            events?.emit()
        }

        for i in 0..<logitRows {
            SwiftKernels.rmsNorm(b.x + (count - logitRows + i) * dim, outputNorm, b.xn + i * dim, count: dim, eps: eps)
        }
        events?.emit()
        activations.load(b.xn, ldx: dim, tokens: logitRows, columns: dim, for: lmHead.activation)
        runMatmul(MatmulGroup(a: MatmulTarget(matrix: lmHead, output: out, ldy: c.vocab, accumulate: false),
                              tokens: logitRows))
        events?.emit()
    }

    /// RoPE on q and k for positions start..<start+tokens, weightless QK-norm if configured, k into the cache.
    private func rope(layer: Int, start: Int, tokens count: Int) {
        let c = config, b = buffers
        let hd = c.headDim, half = hd / 2, kvDim = c.kvDim
        for t in 0..<count {
            let p = start + t
            let cos = UnsafePointer(ropeCos.pointer(Float.self) + p * half)
            let sin = UnsafePointer(ropeSin.pointer(Float.self) + p * half)
            for h in 0..<c.heads {
                let v = b.q + t * c.qDim + h * hd
                SwiftKernels.rope(v, dim: hd, cos: cos, sin: sin, style: ropeStyle)
                if c.qkNorm { SwiftKernels.rmsNorm(v, nil, v, count: hd, eps: eps) }
            }
            for h in 0..<c.kvHeads {
                let v = b.k + t * kvDim + h * hd
                SwiftKernels.rope(v, dim: hd, cos: cos, sin: sin, style: ropeStyle)
                if c.qkNorm { SwiftKernels.rmsNorm(v, nil, v, count: hd, eps: eps) }
            }
        }
        if kvHalf {
            ek_f32_to_f16(b.k, kCaches[layer].pointer(UInt16.self) + start * kvDim, count * kvDim)
        } else {
            (kCaches[layer].pointer(Float.self) + start * kvDim).update(from: b.k, count: count * kvDim)
        }
    }

    private func runMatmul(_ group: MatmulGroup) {
        job = .matmul(group)
        dispatch()
    }

    /// Runs the current job on every pool thread.
    private func dispatch() {
        pool.run({ context, index, count in
            Unmanaged<ModelRuntime>.fromOpaque(context).takeUnretainedValue().work(index: index, of: count)
        }, context: Unmanaged.passUnretained(self).toOpaque())
        job = .none
    }

    /// Thread `index`'s share of the current job.
    func work(index: Int, of count: Int) {
        switch job {
        case .none:
            break
        case .matmul(let group):
            let (r0, r1) = Self.share(rows: group.a.matrix.rows, index: index, of: count)
            multiply(group.a, group.tokens, r0, r1)
            if let target = group.b {
                let (s0, s1) = Self.share(rows: target.matrix.rows, index: index, of: count)
                multiply(target, group.tokens, s0, s1)
                if group.swiGLU {
                    for t in 0..<group.tokens {
                        ek_swiglu(group.a.output + t * group.a.ldy + r0, target.output + t * target.ldy + r0, r1 - r0)
                    }
                }
            }
            if let target = group.c {
                let (s0, s1) = Self.share(rows: target.matrix.rows, index: index, of: count)
                multiply(target, group.tokens, s0, s1)
            }
        case .attention(let layer, let start, let tokens):
            let c = config
            ek_attention(buffers.q, kCaches[layer].raw, vCaches[layer].raw, kvHalf ? 1 : 0, buffers.att,
                         c.heads, c.kvHeads, c.headDim, start, tokens, index, count,
                         buffers.scores + index * maxPositions, 1 / Float(c.headDim).squareRoot())
        }
    }

    private func multiply(_ target: MatmulTarget, _ tokens: Int, _ r0: Int, _ r1: Int) {
        guard r0 < r1 else { return }
        target.matrix.multiply(activations, tokens: tokens, into: target.output, ldy: target.ldy, rows: r0, r1,
                               accumulate: target.accumulate)
    }

    /// Rows r0..<r1 of `rows` for thread `index` of `count`: contiguous, starts rounded down to multiples of 4.
    static func share(rows: Int, index: Int, of count: Int) -> (Int, Int) {
        let r0 = index == 0 ? 0 : (rows * index / count) & ~3
        let r1 = index == count - 1 ? rows : (rows * (index + 1) / count) & ~3
        return (r0, r1)
    }
}
