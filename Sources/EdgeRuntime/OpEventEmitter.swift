import EdgeModel

/// The runtime's real buffer addresses, for resolving `PlannedOp`s into `OpEvent`s.
struct RuntimeAddressMap: AddressMap {
    let weights: [String: UInt64]
    let kCaches: [UInt64]
    let vCaches: [UInt64]
    let activations: [BufferID: UInt64]

    func address(of buffer: BufferID) -> UInt64 {
        switch buffer {
        case .weight(let name): weights[name] ?? 0
        case .kCache(let layer): kCaches[layer]
        case .vCache(let layer): vCaches[layer]
        default: activations[buffer] ?? 0
        }
    }
}

/// Sends the `ForwardPlan` ops of one step to the runtime's observer, one op at a time as the step executes.
/// Only created when an observer is attached, so an unobserved step costs one nil check per op.
final class OpEventEmitter {
    private let ops: [PlannedOp]
    private let map: RuntimeAddressMap
    private let observer: OpObserver
    private var next = 0

    private init(ops: [PlannedOp], map: RuntimeAddressMap, observer: OpObserver) {
        self.ops = ops
        self.map = map
        self.observer = observer
    }

    /// The emitter of a step, or nil without an observer.
    static func make(runtime: ModelRuntime, start: Int, tokens: Int, logitRows: Int,
                     logits: UnsafeMutablePointer<Float>) -> OpEventEmitter? {
        guard let observer = runtime.observer else { return nil }
        let step: Step = start == 0 ? .prefill(tokens: tokens) : .decode(position: start)
        let plan = ForwardPlan(config: runtime.config, allLogits: logitRows > 1)
        let ids = Array(UnsafeBufferPointer(start: runtime.buffers.tokens, count: tokens))
        var activations = runtime.activationAddresses
        activations[.logits] = UInt64(UInt(bitPattern: logits))
        let map = RuntimeAddressMap(weights: runtime.weightAddresses,
                                    kCaches: runtime.kCaches.map { UInt64(UInt(bitPattern: $0.raw)) },
                                    vCaches: runtime.vCaches.map { UInt64(UInt(bitPattern: $0.raw)) },
                                    activations: activations)
        return OpEventEmitter(ops: plan.ops(for: step, tokens: ids), map: map, observer: observer)
    }

    /// Reports the next `count` ops of the plan.
    func emit(_ count: Int = 1) {
        for _ in 0..<count {
            observer.record(ops[next].event(in: map))
            next += 1
        }
    }
}

extension ModelRuntime {
    /// Base address of every weight tensor as the runtime reads it (shared blocks share addresses).
    var weightAddresses: [String: UInt64] {
        func address(_ p: UnsafeRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }
        func address(_ p: UnsafePointer<Float>) -> UInt64 { UInt64(UInt(bitPattern: p)) }
        var map: [String: UInt64] = ["token_embd.weight": address(embedding.base),
                                     "output_norm.weight": address(outputNorm)]
        if !config.sharedEmbedding { map["output.weight"] = address(lmHead.base) }
        for (b, w) in blocks.enumerated() {
            let p = "blk.\(b)."
            map[p + "attn_norm.weight"] = address(w.attnNorm)
            map[p + "attn_q.weight"] = address(w.q.base)
            map[p + "attn_k.weight"] = address(w.k.base)
            map[p + "attn_v.weight"] = address(w.v.base)
            map[p + "attn_output.weight"] = address(w.o.base)
            map[p + "ffn_norm.weight"] = address(w.ffnNorm)
            map[p + "ffn_gate.weight"] = address(w.gate.base)
            map[p + "ffn_up.weight"] = address(w.up.base)
            map[p + "ffn_down.weight"] = address(w.down.base)
        }
        return map
    }

    /// Base addresses of the activation buffers.
    var activationAddresses: [BufferID: UInt64] {
        let b = buffers
        func address<T>(_ p: UnsafeMutablePointer<T>) -> UInt64 { UInt64(UInt(bitPattern: p)) }
        return [.tokens: address(b.tokens), .x: address(b.x), .xn: address(b.xn), .q: address(b.q), .k: address(b.k),
                .att: address(b.att), .h: address(b.h), .logits: address(b.logits)]
    }
}
