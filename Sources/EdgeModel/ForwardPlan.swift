/// A buffer a forward pass reads or writes.
public enum BufferID: Hashable, Sendable {
    /// A weight tensor by canonical name; shared blocks name the same tensor.
    case weight(String)
    /// Keys of an executed layer, one row of `kvDim` entries per position.
    case kCache(layer: Int)
    /// Values of an executed layer, one row of `kvDim` entries per position.
    case vCache(layer: Int)
    /// Token ids of the step (int32).
    case tokens
    /// Residual stream, tokens × dim (f32).
    case x
    /// Normalised activations, tokens × dim (f32).
    case xn
    /// Queries, tokens × qDim (f32).
    case q
    /// New keys before they enter the cache, tokens × kvDim (f32).
    case k
    /// Attention output, tokens × qDim (f32).
    case att
    /// SwiGLU hidden activations, tokens × ffnHidden (f32).
    case h
    /// Output logits, rows × vocab (f32).
    case logits

    /// What the buffer holds.
    public var region: MemoryRegion {
        switch self {
        case .weight: .weight
        case .kCache, .vCache: .kvCache
        default: .activation
        }
    }
}

/// A byte range inside a buffer.
public struct BufferSlice: Hashable, Sendable {
    /// The buffer, the first byte within it and the length.
    public var buffer: BufferID
    public var offset: Int
    public var bytes: Int

    public init(_ buffer: BufferID, offset: Int = 0, bytes: Int) {
        self.buffer = buffer
        self.offset = offset
        self.bytes = bytes
    }

    /// The slice at the addresses `map` gives.
    public func range(in map: some AddressMap) -> MemoryRange {
        MemoryRange(address: map.address(of: buffer) + UInt64(offset), bytes: bytes, region: buffer.region)
    }
}

/// Base addresses of buffers: real pointers in the runtime, a virtual layout in the tracer.
public protocol AddressMap {
    /// The address of the buffer's first byte.
    func address(of buffer: BufferID) -> UInt64
}

/// An op of the plan before addresses are known.
public struct PlannedOp: Hashable, Sendable {
    /// As in `OpEvent`, with buffer slices instead of addresses.
    public var kind: OpKind
    public var layer: Int?
    public var block: Int?
    public var reads: [BufferSlice]
    public var writes: [BufferSlice]
    public var flops: Int
    /// Token rows the op computes.
    public var tokens: Int

    /// The op as an event at the addresses `map` gives.
    public func event(in map: some AddressMap) -> OpEvent {
        OpEvent(kind: kind, layer: layer, block: block, reads: reads.map { $0.range(in: map) },
                writes: writes.map { $0.range(in: map) }, flops: flops, tokens: tokens)
    }
}

/// The ops of a forward step, in execution order, with the buffers each touches and its FLOPs.
///
/// Order per step: `embed`; per executed layer ℓ running block b = schedule[ℓ]: `attnNorm`, `qProj`, `kProj`,
/// `vProj` (into the V cache), `rope` (q in place, k into the K cache; then QK-norm when configured),
/// `attention` (cache rows 0..<ctx), `outProj` (+ residual), `ffnNorm`, `gateUp` (silu(gate)·up), `down`
/// (+ residual); then `outputNorm` and `logits` for the last token (every token with `allLogits`).
///
/// FLOPs per token: matmul 2·rows·cols; RMSNorm 4·dim; RoPE 3·(qDim+kvDim), doubled with QK-norm;
/// attention heads·(4·headDim+5)·(p+1) for the query at position p; residual adds dim; silu·mul 4·ffnHidden.
public struct ForwardPlan: Sendable {
    /// The architecture planned.
    public let config: ModelConfig
    /// Compute logits for every token of the step, not only the last.
    public let allLogits: Bool
    /// Each block's weights as slices, in `BlockTensor` order (built once: plans are made per token).
    private let blockWeights: [[BufferSlice]]
    private let outputNorm: BufferSlice
    private let head: BufferSlice

    /// A block's tensors, in the order of `blockWeights`.
    private enum BlockTensor: Int {
        case attnNorm, q, k, v, o, ffnNorm, gate, up, down
    }

    public init(config: ModelConfig, allLogits: Bool = false) {
        self.config = config
        self.allLogits = allLogits
        let tensors = config.tensors
        func slice(_ t: TensorSpec) -> BufferSlice { BufferSlice(.weight(t.name), bytes: t.bytes) }
        var blocks = Array(repeating: [BufferSlice](), count: config.blocks)
        for t in tensors { if let b = t.block { blocks[b].append(slice(t)) } }
        blockWeights = blocks
        outputNorm = slice(tensors.first { $0.role == .outputNorm }!)
        head = slice(tensors.first { $0.role == (config.sharedEmbedding ? .embedding : .output) }!)
    }

    /// Bytes of one KV-cache row (one position of one layer's K or V).
    public var kvRowBytes: Int { config.kvDim * config.kvPrecision.rowBytes(columns: 1) }

    /// The ops of `step`; `tokens` are the step's token ids (they pick the embedding rows read).
    public func ops(for step: Step, tokens: [Int32]) -> [PlannedOp] {
        var ops: [PlannedOp] = []
        ops.reserveCapacity(3 + 10 * config.schedule.count)
        build(step, tokens, slice: { $0 }) { kind, layer, block, reads, writes, flops, rows in
            ops.append(PlannedOp(kind: kind, layer: layer, block: block, reads: reads, writes: writes, flops: flops,
                                 tokens: rows))
        }
        return ops
    }

    /// Calls `body` with each event of `step` at the addresses `map` gives, in order: the ops of
    /// `ops(for:tokens:)` as `PlannedOp.event(in:)` makes them, without building the planned ops (the tracer's path).
    public func forEachEvent(for step: Step, tokens: [Int32], in map: some AddressMap, _ body: (OpEvent) -> Void) {
        build(step, tokens, slice: { $0.range(in: map) }) { kind, layer, block, reads, writes, flops, rows in
            body(OpEvent(kind: kind, layer: layer, block: block, reads: reads, writes: writes, flops: flops, tokens: rows))
        }
    }

    /// The ops of `step` in order, each passed to `emit` with its reads and writes made by `slice`.
    private func build<Range>(_ step: Step, _ tokens: [Int32], slice: (BufferSlice) -> Range,
                              _ emit: (OpKind, Int?, Int?, [Range], [Range], Int, Int) -> Void) {
        precondition(tokens.count == step.tokens, "one token id per token of the step")
        let c = config
        let t = step.tokens, start = step.start, ctx = step.contextAfter
        let f = 4  // bytes per f32 activation
        func act(_ id: BufferID, _ width: Int, rows: Int? = nil, from row: Int = 0) -> Range {
            slice(BufferSlice(id, offset: row * width * f, bytes: (rows ?? t) * width * f))
        }
        func matmul(_ rows: Int, _ cols: Int) -> Int { 2 * rows * cols * t }

        emit(.embed, nil, nil, [slice(BufferSlice(.tokens, bytes: t * 4))] + tokens.map { slice(embeddingRow($0)) },
             [act(.x, c.dim)], 0, t)

        let ropeFlops = 3 * (c.qDim + c.kvDim) * t * (c.qkNorm ? 2 : 1)
        let attentionFlops = attentionFlops(start: start, context: ctx)
        for (layer, b) in c.schedule.enumerated() {
            func w(_ tensor: BlockTensor) -> Range { slice(blockWeights[b][tensor.rawValue]) }
            let kvNew = slice(newRows(.kCache(layer: layer), start: start, tokens: t))
            let vNew = slice(newRows(.vCache(layer: layer), start: start, tokens: t))
            func op(_ kind: OpKind, _ reads: [Range], _ writes: [Range], _ flops: Int) {
                emit(kind, layer, b, reads, writes, flops, t)
            }
            op(.attnNorm, [act(.x, c.dim), w(.attnNorm)], [act(.xn, c.dim)], 4 * c.dim * t)
            op(.qProj, [act(.xn, c.dim), w(.q)], [act(.q, c.qDim)], matmul(c.qDim, c.dim))
            op(.kProj, [act(.xn, c.dim), w(.k)], [act(.k, c.kvDim)], matmul(c.kvDim, c.dim))
            op(.vProj, [act(.xn, c.dim), w(.v)], [vNew], matmul(c.kvDim, c.dim))
            op(.rope, [act(.q, c.qDim), act(.k, c.kvDim)], [act(.q, c.qDim), kvNew], ropeFlops)
            op(.attention,
               [act(.q, c.qDim), slice(cachedRows(.kCache(layer: layer), context: ctx)),
                slice(cachedRows(.vCache(layer: layer), context: ctx))],
               [act(.att, c.qDim)], attentionFlops)
            op(.outProj, [act(.att, c.qDim), w(.o), act(.x, c.dim)], [act(.x, c.dim)],
               matmul(c.dim, c.qDim) + c.dim * t)
            op(.ffnNorm, [act(.x, c.dim), w(.ffnNorm)], [act(.xn, c.dim)], 4 * c.dim * t)
            op(.gateUp, [act(.xn, c.dim), w(.gate), w(.up)], [act(.h, c.ffnHidden)],
               2 * matmul(c.ffnHidden, c.dim) + 4 * c.ffnHidden * t)
            op(.down, [act(.h, c.ffnHidden), w(.down), act(.x, c.dim)], [act(.x, c.dim)],
               matmul(c.dim, c.ffnHidden) + c.dim * t)
        }
        let r = allLogits ? t : 1
        emit(.outputNorm, nil, nil, [act(.x, c.dim, rows: r, from: t - r), slice(outputNorm)],
             [act(.xn, c.dim, rows: r)], 4 * c.dim * r, r)
        emit(.logits, nil, nil, [act(.xn, c.dim, rows: r), slice(head)], [act(.logits, c.vocab, rows: r)],
             2 * c.vocab * c.dim * r, r)
    }

    /// The embedding row `token` reads.
    private func embeddingRow(_ token: Int32) -> BufferSlice {
        let row = config.precision.rowBytes(columns: config.dim)
        return BufferSlice(.weight("token_embd.weight"), offset: Int(token) * row, bytes: row)
    }

    /// The cache rows of `tokens` positions from `start` (K or V of one layer).
    private func newRows(_ cache: BufferID, start: Int, tokens: Int) -> BufferSlice {
        BufferSlice(cache, offset: start * kvRowBytes, bytes: tokens * kvRowBytes)
    }

    /// The cache rows 0..<context (K or V of one layer) attention reads.
    private func cachedRows(_ cache: BufferID, context: Int) -> BufferSlice {
        BufferSlice(cache, bytes: context * kvRowBytes)
    }

    /// Attention FLOPs of one layer for the queries at positions start..<context.
    private func attentionFlops(start: Int, context: Int) -> Int {
        config.heads * (4 * config.headDim + 5) * (context * (context + 1) / 2 - start * (start + 1) / 2)
    }

    /// Moves `events`, the events of a one-token decode step at any position (as `forEachEvent` gives them), to
    /// decode position `position` with token id `token`, in place: only the embedding row, each layer's new K and V
    /// rows and its attention's cache reads and FLOPs depend on the position. The result equals
    /// `forEachEvent(for: .decode(position: position), tokens: [token], in: map)`.
    public func moveDecodeEvents(_ events: inout [OpEvent], to position: Int, token: Int32, in map: some AddressMap) {
        precondition(events.count == 3 + 10 * config.executedLayers, "the events of one decode step")
        let context = position + 1
        events[0].reads[1] = embeddingRow(token).range(in: map)
        for layer in 0..<config.executedLayers {
            let first = 1 + 10 * layer   // attnNorm, q, k, v, rope, attention, ...
            events[first + 3].writes[0] = newRows(.vCache(layer: layer), start: position, tokens: 1).range(in: map)
            events[first + 4].writes[1] = newRows(.kCache(layer: layer), start: position, tokens: 1).range(in: map)
            events[first + 5].reads[1] = cachedRows(.kCache(layer: layer), context: context).range(in: map)
            events[first + 5].reads[2] = cachedRows(.vCache(layer: layer), context: context).range(in: map)
            events[first + 5].flops = attentionFlops(start: position, context: context)
        }
    }
}
