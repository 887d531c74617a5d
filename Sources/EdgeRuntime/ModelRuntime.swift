import EdgeKernels
import EdgeModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the forward pass of a MobileLLM / LLaMA-family model on the CPU: embedding, RMSNorm, RoPE, grouped-query
/// attention over a per-layer KV cache, SwiGLU, final norm and logits, following the config's sharing schedule
/// (a shared block is one copy of the weights; each executed layer has its own KV cache).
///
/// All buffers are allocated at init; a decode step allocates nothing. Not thread-safe: one caller at a time.
public final class ModelRuntime: @unchecked Sendable {
    /// The architecture, with `precision` set to the precision actually computed in.
    public let config: ModelConfig
    /// The in-memory weight layout.
    public let storage: RuntimeStorage
    public let ropeStyle: RopeStyle
    /// KV-cache capacity in positions.
    public let maxPositions: Int
    /// Tokens currently in the KV cache.
    public private(set) var position = 0
    /// Bytes of prepared weights (converted copies and zero-copy views of the source).
    public let weightBytes: Int
    /// The instruction-set path of the kernels this runtime calls.
    public let kernelPath: KernelPath
    /// Receives one `OpEvent` per op of every step (ForwardPlan order, real addresses); nil costs nothing.
    public var observer: OpObserver?
    /// Times every op by kind and executed layer with the monotonic clock; nil (the default) reads no clock.
    public var opTimer: OpTimer?

    let source: WeightSource
    let kernels: UnsafePointer<ek_kernels>
    /// The thread pool the parallel ops run on.
    public let pool: ThreadPool
    let schedule: [Int]
    let embedding: PreparedMatrix
    let lmHead: PreparedMatrix
    let outputNorm: UnsafePointer<Float>
    let blocks: [BlockWeights]
    let weightOwner: WeightPreparation
    let kCaches: [AlignedBuffer]
    let vCaches: [AlignedBuffer]
    let kvHalf: Bool
    let buffers: ActivationBuffers
    let activations: ActivationScratch
    let ropeCos: AlignedBuffer
    let ropeSin: AlignedBuffer
    let eps: Float
    var job: Job = .none

    /// Prepares `source`'s weights (converting or quantizing to the requested precision), allocates the KV cache
    /// and activations, and starts the thread pool.
    public init(source: WeightSource, options: RuntimeOptions = RuntimeOptions()) throws {
        let origin = source.origin
        var config = source.config
        try config.validate(source: origin)
        if options.threads < 1 || options.threads > 256 {
            throw InputError(file: "<flag>", field: "threads", "must be between 1 and 256, got \(options.threads)")
        }
        let positions = options.maxPositions ?? config.context
        if positions < 1 || positions > config.context {
            throw InputError(file: "<flag>", field: "maxPositions",
                             "must be between 1 and the context \(config.context), got \(positions)")
        }
        let path = try options.kernels ?? KernelPath.selected()
        guard path.isSupported else {
            throw EnvironmentError("kernel path \(path.rawValue): this CPU or build cannot run it (supported: "
                + KernelPath.supported.map(\.rawValue).joined(separator: ", ") + ")")
        }
        kernelPath = path
        kernels = path.table
        let preparation = WeightPreparation(origin: origin)
        let specs = Dictionary(config.tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func tensor(_ name: String) throws -> WeightTensor {
            guard let spec = specs[name] else { throw InputError(file: origin, field: name, "not part of the config") }
            return try preparation.tensor(spec, in: source)
        }
        let storage = try RuntimeStorage.forPrecision(options.precision, sourceType: try tensor("blk.0.attn_q.weight").type,
                                                      origin: origin)
        config.precision = storage.precision
        var blocks: [BlockWeights] = []
        for b in 0..<config.blocks {
            let p = "blk.\(b)."
            func matrix(_ name: String) throws -> PreparedMatrix { try preparation.matrix(try tensor(p + name), as: storage) }
            blocks.append(BlockWeights(
                attnNorm: try preparation.vector(try tensor(p + "attn_norm.weight")),
                q: try matrix("attn_q.weight"), k: try matrix("attn_k.weight"), v: try matrix("attn_v.weight"),
                o: try matrix("attn_output.weight"),
                ffnNorm: try preparation.vector(try tensor(p + "ffn_norm.weight")),
                gate: try matrix("ffn_gate.weight"), up: try matrix("ffn_up.weight"), down: try matrix("ffn_down.weight")))
        }
        let embedding = try preparation.matrix(try tensor("token_embd.weight"), as: storage)
        self.embedding = embedding
        lmHead = config.sharedEmbedding ? embedding : try preparation.matrix(try tensor("output.weight"), as: storage)
        outputNorm = try preparation.vector(try tensor("output_norm.weight"))
        self.blocks = blocks
        weightBytes = blocks.reduce(0) { sum, b in
            sum + [b.q, b.k, b.v, b.o, b.gate, b.up, b.down].reduce(0) { $0 + $1.byteCount } + 8 * config.dim
        } + embedding.byteCount + (config.sharedEmbedding ? 0 : lmHead.byteCount) + 4 * config.dim
        weightOwner = preparation

        self.source = source
        self.config = config
        self.storage = storage
        ropeStyle = source.ropeStyle
        maxPositions = positions
        schedule = config.schedule
        eps = Float(config.normEps)
        pool = ThreadPool(threads: options.threads)

        kvHalf = config.kvPrecision == .f16
        let kvRowBytes = config.kvDim * (kvHalf ? 2 : 4)
        kCaches = (0..<config.executedLayers).map { _ in AlignedBuffer(byteCount: positions * kvRowBytes) }
        vCaches = (0..<config.executedLayers).map { _ in AlignedBuffer(byteCount: positions * kvRowBytes) }
        buffers = ActivationBuffers(config: config, maxTokens: positions, threads: pool.count)
        activations = ActivationScratch(maxTokens: positions,
                                        maxColumns: max(config.dim, config.qDim, config.ffnHidden),
                                        placeholder: UnsafePointer(buffers.xn))
        let half = config.headDim / 2
        ropeCos = AlignedBuffer(byteCount: positions * half * 4)
        ropeSin = AlignedBuffer(byteCount: positions * half * 4)
        for p in 0..<positions {
            for i in 0..<half {
                let frequency = 1 / pow(config.ropeTheta, Double(2 * i) / Double(config.headDim))
                let angle = Double(p) * frequency
                ropeCos.pointer(Float.self)[p * half + i] = Float(cos(angle))
                ropeSin.pointer(Float.self)[p * half + i] = Float(sin(angle))
            }
        }
    }

    /// Threads used by the parallel ops.
    public var threads: Int { pool.count }

    /// Empties the KV cache.
    public func reset() { position = 0 }

    /// Runs the prompt from position 0 (the cache is reset) and returns the logits of its last token.
    /// The buffer stays valid until the next call.
    @discardableResult
    public func prefill(_ tokens: [Int32]) throws -> UnsafeBufferPointer<Float> {
        try check(tokens, from: 0)
        position = 0
        tokens.withUnsafeBufferPointer { buffers.tokens.update(from: $0.baseAddress!, count: tokens.count) }
        forward(start: 0, tokens: tokens.count, logitRows: 1, into: buffers.logits)
        position = tokens.count
        return UnsafeBufferPointer(start: buffers.logits, count: config.vocab)
    }

    /// Appends one token at the current position and returns its logits (valid until the next call).
    @discardableResult
    public func decode(_ token: Int32) throws -> UnsafeBufferPointer<Float> {
        guard position < maxPositions else {
            throw InputError(file: "<run>", field: "position", "the KV cache holds \(maxPositions) positions and is full")
        }
        guard token >= 0 && Int(token) < config.vocab else {
            throw InputError(file: "<run>", field: "token", "token id \(token) is outside the vocabulary 0..<\(config.vocab)")
        }
        buffers.tokens[0] = token
        forward(start: position, tokens: 1, logitRows: 1, into: buffers.logits)
        position += 1
        return UnsafeBufferPointer(start: buffers.logits, count: config.vocab)
    }

    /// The logits of every position of `tokens`, run as one prefill from position 0 (the cache is reset).
    public func logits(tokens: [Int32]) throws -> [[Float]] {
        try check(tokens, from: 0)
        position = 0
        tokens.withUnsafeBufferPointer { buffers.tokens.update(from: $0.baseAddress!, count: tokens.count) }
        let out = AlignedBuffer(byteCount: tokens.count * config.vocab * 4)
        let logits = out.pointer(Float.self)
        forward(start: 0, tokens: tokens.count, logitRows: tokens.count, into: logits)
        position = tokens.count
        return (0..<tokens.count).map { Array(UnsafeBufferPointer(start: logits + $0 * config.vocab, count: config.vocab)) }
    }

    private func check(_ tokens: [Int32], from start: Int) throws {
        guard !tokens.isEmpty else { throw InputError(file: "<run>", field: "prompt", "needs at least one token") }
        guard start + tokens.count <= maxPositions else {
            throw InputError(file: "<run>", field: "prompt",
                             "\(tokens.count) tokens do not fit the KV cache of \(maxPositions) positions")
        }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= config.vocab }) {
            throw InputError(file: "<run>", field: "prompt", "token id \(bad) is outside the vocabulary 0..<\(config.vocab)")
        }
    }
}
