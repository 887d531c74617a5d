import EdgeModel

/// A weight source seen through another `ModelConfig` that uses the same tensors: another sharing strategy or
/// repeat count over the same physical blocks, another KV-cache precision, or another name.
public final class ReconfiguredWeights: WeightSource {
    public let config: ModelConfig
    private let base: any WeightSource

    /// Fails with an `InputError` when `config` expects tensors (names or shapes) that `base` does not hold.
    public init(_ base: any WeightSource, config: ModelConfig) throws {
        try config.validate(source: base.origin)
        for spec in config.tensors {
            guard let tensor = base.tensors[spec.name] else {
                throw InputError(file: base.origin, field: spec.name, "missing tensor for \(config.name)")
            }
            guard tensor.rows == spec.rows, tensor.columns == spec.columns else {
                throw InputError(file: base.origin, field: spec.name,
                                 "is \(tensor.rows)×\(tensor.columns), \(config.name) needs \(spec.rows)×\(spec.columns)")
            }
        }
        self.base = base
        self.config = config
    }

    public var origin: String { base.origin }
    public var ropeStyle: RopeStyle { base.ropeStyle }
    public var tensors: [String: WeightTensor] { base.tensors }
}
