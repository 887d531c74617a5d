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

/// Matmuls sharing one input (`ActivationScratch`), split into one contiguous share of every matrix's rows per
/// pool thread: each thread streams its own rows (one hardware-prefetch stream per matrix) and claims work once per
/// op, not once per few rows. A share that a busy thread has not claimed yet is run by the others.
struct MatmulGroup {
    var a: MatmulTarget
    var b: MatmulTarget?
    var c: MatmulTarget?
    var tokens: Int
    var swiGLU = false

    /// Share boundaries are multiples of this many rows: the prefill GEMM's strip of two 16-row panels, and a
    /// multiple of the decode kernels' row groups (4 and 8).
    static let rowAlignment = 32

    /// Rows r0..<r1 of share `part` of `parts` of a matrix of `rows` rows: whole 32-row strips, as equal as they
    /// can be (the last share ends at `rows`).
    static func rows(of part: Int, parts: Int, in rows: Int) -> (Int, Int) {
        let strips = (rows + rowAlignment - 1) / rowAlignment
        func start(_ i: Int) -> Int { min(rows, strips * i / parts * rowAlignment) }
        return (start(part), start(part + 1))
    }
}

extension ModelRuntime {
    /// Runs one step over `tokens` tokens at positions start..<start+tokens (token ids in `buffers.tokens`) and
    /// writes the logits of the last `logitRows` tokens to `out`. The op order is `ForwardPlan`'s.
    func forward(start: Int, tokens count: Int, logitRows: Int, into out: UnsafeMutablePointer<Float>) {
        let c = config, b = buffers
        let dim = c.dim, qDim = c.qDim, kvDim = c.kvDim, ffn = c.ffnHidden
        let events = OpEventEmitter.make(runtime: self, start: start, tokens: count, logitRows: logitRows, logits: out)
        let timer = opTimer
        timer?.stepWillStart()

        for t in 0..<count { embedding.row(Int(b.tokens[t]), into: b.x + t * dim) }
        timer?.opDidEnd(.embed, layer: nil)
        events?.emit()

        for layer in 0..<schedule.count {
            let w = blocks[schedule[layer]]
            for t in 0..<count { SwiftKernels.rmsNorm(b.x + t * dim, w.attnNorm, b.xn + t * dim, count: dim, eps: eps) }
            timer?.opDidEnd(.attnNorm, layer: layer)
            events?.emit()

            activations.load(b.xn, ldx: dim, tokens: count, columns: dim, for: w.q.activation)
            let vOut = kvHalf ? b.v : vCaches[layer].pointer(Float.self) + start * kvDim
            runMatmul(MatmulGroup(a: MatmulTarget(matrix: w.q, output: b.q, ldy: qDim, accumulate: false),
                                  b: MatmulTarget(matrix: w.k, output: b.k, ldy: kvDim, accumulate: false),
                                  c: MatmulTarget(matrix: w.v, output: vOut, ldy: kvDim, accumulate: false),
                                  tokens: count))
            if kvHalf { kernels.pointee.f32_to_f16(b.v, vCaches[layer].pointer(UInt16.self) + start * kvDim, count * kvDim) }
            timer?.opDidEnd(.qProj, layer: layer)
            events?.emit(3)

            rope(layer: layer, start: start, tokens: count)
            timer?.opDidEnd(.rope, layer: layer)
            events?.emit()

            job = .attention(layer: layer, start: start, tokens: count)
            dispatch(chunks: count * c.heads)
            timer?.opDidEnd(.attention, layer: layer)
            events?.emit()

            activations.load(b.att, ldx: qDim, tokens: count, columns: qDim, for: w.o.activation)
            runMatmul(MatmulGroup(a: MatmulTarget(matrix: w.o, output: b.x, ldy: dim, accumulate: true), tokens: count))
            timer?.opDidEnd(.outProj, layer: layer)
            events?.emit()

            for t in 0..<count { SwiftKernels.rmsNorm(b.x + t * dim, w.ffnNorm, b.xn + t * dim, count: dim, eps: eps) }
            timer?.opDidEnd(.ffnNorm, layer: layer)
            events?.emit()

            activations.load(b.xn, ldx: dim, tokens: count, columns: dim, for: w.gate.activation)
            runMatmul(MatmulGroup(a: MatmulTarget(matrix: w.gate, output: b.h, ldy: ffn, accumulate: false),
                                  b: MatmulTarget(matrix: w.up, output: b.up, ldy: ffn, accumulate: false),
                                  tokens: count, swiGLU: true))
            timer?.opDidEnd(.gateUp, layer: layer)
            events?.emit()

            activations.load(b.h, ldx: ffn, tokens: count, columns: ffn, for: w.down.activation)
            runMatmul(MatmulGroup(a: MatmulTarget(matrix: w.down, output: b.x, ldy: dim, accumulate: true),
                                  tokens: count))
            timer?.opDidEnd(.down, layer: layer)
            events?.emit()
        }

        for i in 0..<logitRows {
            SwiftKernels.rmsNorm(b.x + (count - logitRows + i) * dim, outputNorm, b.xn + i * dim, count: dim, eps: eps)
        }
        timer?.opDidEnd(.outputNorm, layer: nil)
        events?.emit()
        activations.load(b.xn, ldx: dim, tokens: logitRows, columns: dim, for: lmHead.activation)
        runMatmul(MatmulGroup(a: MatmulTarget(matrix: lmHead, output: out, ldy: c.vocab, accumulate: false),
                              tokens: logitRows))
        timer?.opDidEnd(.logits, layer: nil)
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
            kernels.pointee.f32_to_f16(b.k, kCaches[layer].pointer(UInt16.self) + start * kvDim, count * kvDim)
        } else {
            (kCaches[layer].pointer(Float.self) + start * kvDim).update(from: b.k, count: count * kvDim)
        }
    }

    /// Runs `group` as one chunk per pool thread (each its share of every matrix, `MatmulGroup.rows(of:parts:in:)`).
    private func runMatmul(_ group: MatmulGroup) {
        job = .matmul(group)
        dispatch(chunks: pool.count)
    }

    /// Runs the current job's chunks on the pool.
    private func dispatch(chunks: Int) {
        pool.run(chunks: chunks, { context, chunk, thread in
            Unmanaged<ModelRuntime>.fromOpaque(context).takeUnretainedValue().work(chunk: chunk, thread: thread)
        }, context: Unmanaged.passUnretained(self).toOpaque())
        job = .none
    }

    /// One chunk of the current job, run by pool thread `thread`.
    func work(chunk: Int, thread: Int) {
        switch job {
        case .none:
            break
        case .matmul(let group):
            let parts = pool.count
            let share = { (target: MatmulTarget) in MatmulGroup.rows(of: chunk, parts: parts, in: target.matrix.rows) }
            if group.swiGLU, let up = group.b {
                let (r0, r1) = share(group.a)
                multiply(group.a, group.tokens, r0, r1)
                multiply(up, group.tokens, r0, r1)
                for t in 0..<group.tokens where r0 < r1 {
                    kernels.pointee.swiglu(group.a.output + t * group.a.ldy + r0, up.output + t * up.ldy + r0, r1 - r0)
                }
                return
            }
            func run(_ target: MatmulTarget?) {
                guard let target else { return }
                let (r0, r1) = share(target)
                multiply(target, group.tokens, r0, r1)
            }
            run(group.a)
            run(group.b)
            run(group.c)
        case .attention(let layer, let start, let tokens):
            let c = config
            kernels.pointee.attention(buffers.q, kCaches[layer].raw, vCaches[layer].raw, kvHalf ? 1 : 0, buffers.att,
                         c.heads, c.kvHeads, c.headDim, start, tokens, chunk, tokens * c.heads,
                         buffers.scores + thread * maxPositions, 1 / Float(c.headDim).squareRoot())
        }
    }

    private func multiply(_ target: MatmulTarget, _ tokens: Int, _ r0: Int, _ r1: Int) {
        guard r0 < r1 else { return }
        target.matrix.multiply(activations, tokens: tokens, into: target.output, ldy: target.ldy, rows: r0, r1,
                               accumulate: target.accumulate, kernels: kernels.pointee)
    }
}
