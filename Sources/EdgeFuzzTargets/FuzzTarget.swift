/// The parsers the fuzz targets exercise, by the name `EdgeFuzz`'s first argument and `Fuzz/corpus/<name>` give.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case gguf
    case safetensorsHeader = "safetensors-header"
    case safetensorsIndex = "safetensors-index"
    case hfConfig = "hf-config"
    case profile
    case trace
    case precision
    case tokens

    /// Runs one input through the parser and checks its contract. File-based targets write the input into their
    /// own scratch directory, so different targets may run concurrently, one input at a time each.
    @discardableResult
    public func run(_ input: UnsafeRawBufferPointer) throws(ContractViolation) -> FuzzOutcome {
        let scratch = try ScratchDirectory(self)
        switch self {
        case .gguf: return try WeightFileTargets.gguf(input, scratch)
        case .safetensorsHeader: return try WeightFileTargets.safetensorsFile(input, scratch)
        case .safetensorsIndex: return try WeightFileTargets.safetensorsIndex(input, scratch)
        case .hfConfig: return try ModelConfigTargets.hfConfig(input)
        case .precision: return try ModelConfigTargets.precision(input)
        case .tokens: return try CommandLineTargets.tokens(input)
        case .profile: return try MemoryInputTargets.profile(input)
        case .trace: return try MemoryInputTargets.trace(input)
        }
    }
}
