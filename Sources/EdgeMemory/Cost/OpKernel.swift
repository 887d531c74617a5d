import EdgeModel

/// The runtime kernels of the op kinds that multiply no weights, as a profile keys their measured rates
/// (`ComputeUnit.kernelPeaks`, `kernelRowPeaks`): they compute on f32 activations whatever the weights' precision.
public enum OpKernel: String, CaseIterable, Sendable {
    /// RMSNorm before attention, before the FFN and before the output head.
    case norm
    /// RoPE on queries and keys (and the weightless QK-norm when the model has one).
    case rope
    /// Scores, softmax and the weighted sum of values over the KV cache.
    case attention

    /// The kernel an op of `kind` runs; nil for the weight matmuls (rated by precision) and the embedding (a copy).
    public init?(_ kind: OpKind) {
        switch kind {
        case .attnNorm, .ffnNorm, .outputNorm: self = .norm
        case .rope: self = .rope
        case .attention: self = .attention
        case .embed, .qProj, .kProj, .vProj, .outProj, .gateUp, .down, .logits: return nil
        }
    }
}
