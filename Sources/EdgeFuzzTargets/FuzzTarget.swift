/// The parsers `EdgeFuzz` exercises, by the name its first argument gives.
enum FuzzTarget: String, CaseIterable {
    case gguf
    case safetensorsHeader = "safetensors-header"
    case safetensorsIndex = "safetensors-index"
    case hfConfig = "hf-config"
    case profile
    case trace
    case precision
    case tokens

    /// The target this process runs (set once by `main` before libFuzzer starts; libFuzzer runs inputs on one thread).
    nonisolated(unsafe) static var selected = FuzzTarget.gguf

    /// Runs one input through the parser and checks its contract; a violation aborts (libFuzzer saves the input).
    func run(_ input: UnsafeRawBufferPointer) {
        switch self {
        case .gguf: WeightFileTargets.gguf(input)
        case .safetensorsHeader: WeightFileTargets.safetensorsFile(input)
        case .safetensorsIndex: WeightFileTargets.safetensorsIndex(input)
        case .hfConfig: ModelConfigTargets.hfConfig(input)
        case .precision: ModelConfigTargets.precision(input)
        case .tokens: CommandLineTargets.tokens(input)
        case .profile: MemoryInputTargets.profile(input)
        case .trace: MemoryInputTargets.trace(input)
        }
    }
}
