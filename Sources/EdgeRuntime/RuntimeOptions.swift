import EdgeModel

/// How a `ModelRuntime` is set up.
public struct RuntimeOptions: Sendable {
    /// Threads for the parallel ops (matmuls and attention), the caller included.
    public var threads: Int
    /// Weight precision to compute in (f32, f16, int8 = Q8_0, int8-pc = W8A8); nil keeps the source's type.
    public var precision: Precision?
    /// KV-cache capacity in positions (prompt + generated tokens); nil means the config's context.
    public var maxPositions: Int?
    /// The kernel path; nil means `KernelPath.selected()` (EDGEPROF_KERNELS, else the CPU's best).
    public var kernels: KernelPath?

    public init(threads: Int = 1, precision: Precision? = nil, maxPositions: Int? = nil, kernels: KernelPath? = nil) {
        self.threads = threads
        self.precision = precision
        self.maxPositions = maxPositions
        self.kernels = kernels
    }
}
