/// FLOPs and bytes of a forward step, per op kind and in total (analytic: no addresses, no cache).
public struct OpCounts: Codable, Hashable, Sendable {
    /// Totals of one op kind over all executed layers.
    public struct Entry: Codable, Hashable, Sendable {
        /// The op kind and how many ops of it (one per executed layer inside the blocks).
        public var kind: OpKind
        public var count: Int
        public var flops: Int
        /// Bytes read and written, all buffers.
        public var bytesRead: Int
        public var bytesWritten: Int
        /// Bytes read from weights, KV cache and activations.
        public var weightBytesRead: Int
        public var kvBytesRead: Int
    }

    /// The step counted.
    public var step: Step
    /// One entry per op kind present, in execution order.
    public var perOp: [Entry]

    /// Totals over every op.
    public var flops: Int { perOp.reduce(0) { $0 + $1.flops } }
    public var bytesRead: Int { perOp.reduce(0) { $0 + $1.bytesRead } }
    public var bytesWritten: Int { perOp.reduce(0) { $0 + $1.bytesWritten } }
    public var weightBytesRead: Int { perOp.reduce(0) { $0 + $1.weightBytesRead } }
    public var kvBytesRead: Int { perOp.reduce(0) { $0 + $1.kvBytesRead } }

    /// Counts for `step` of `config` (synthetic token ids; they change only which embedding rows are read).
    public init(config: ModelConfig, step: Step) {
        self.step = step
        let ops = ForwardPlan(config: config).ops(
            for: step, tokens: ScheduleTracer.syntheticTokens(count: step.tokens, start: step.start, vocab: config.vocab))
        perOp = OpKind.allCases.compactMap { kind in
            let matching = ops.filter { $0.kind == kind }
            guard !matching.isEmpty else { return nil }
            func sum(_ slices: KeyPath<PlannedOp, [BufferSlice]>, _ region: MemoryRegion?) -> Int {
                matching.reduce(0) { total, op in
                    total + op[keyPath: slices].filter { region == nil || $0.buffer.region == region }
                        .reduce(0) { $0 + $1.bytes }
                }
            }
            return Entry(kind: kind, count: matching.count, flops: matching.reduce(0) { $0 + $1.flops },
                         bytesRead: sum(\.reads, nil), bytesWritten: sum(\.writes, nil),
                         weightBytesRead: sum(\.reads, .weight), kvBytesRead: sum(\.reads, .kvCache))
        }
    }
}
