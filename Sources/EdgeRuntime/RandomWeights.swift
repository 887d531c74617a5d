import EdgeKernels
import EdgeModel

/// Deterministic seeded random weights for any configuration, generated directly in the storage type that the
/// config's precision asks for, so every preset runs without a download.
///
/// Element i of a tensor is `SplitMix64.mix(key + i·γ)` with `key` derived from the seed and the tensor's name, so
/// a tensor's values depend only on (seed, name, shape): two configs that name a tensor alike get equal values.
/// Matrices are uniform in ±√(3/columns) (variance 1/columns); norm weights are uniform in 1 ± 0.1.
public final class RandomWeights: WeightSource, @unchecked Sendable {
    public let origin: String
    public let config: ModelConfig
    public let ropeStyle: RopeStyle
    public let tensors: [String: WeightTensor]
    private let arena: WeightArena

    /// Generates every tensor of `config` (`config.tensors`) at `config.precision`.
    ///
    /// Storage: f32 → f32, f16 → f16, bf16 → bf16, int8 (blocks of 32) → Q8_0, int4 (groups of 32) → Q4_0.
    /// Per-channel int8 is generated as f16 (the runtime quantizes it at init); other block sizes are rejected.
    public init(config: ModelConfig, seed: UInt64 = 0, ropeStyle: RopeStyle = .halves) throws {
        try config.validate(source: "<random:\(config.name)>")
        let matrixType: WeightType
        switch config.precision {
        case .f32: matrixType = .f32
        case .f16, .int8(blockSize: nil): matrixType = .f16
        case .bf16: matrixType = .bf16
        case .int8(blockSize: 32): matrixType = .q8_0
        case .int4(groupSize: 32): matrixType = .q4_0
        default:
            throw InputError(file: "<random:\(config.name)>", field: "precision",
                             "random weights support f32, f16, bf16, int8, int8-pc and int4, not \(config.precision.name)")
        }
        var tensors: [String: WeightTensor] = [:]
        let arena = WeightArena()
        for spec in config.tensors {
            let type: WeightType = spec.role.isVector ? .f32 : matrixType
            if (type == .q8_0 || type == .q4_0) && spec.columns % 32 != 0 {
                throw InputError(file: "<random:\(config.name)>", field: spec.name,
                                 "block quantization needs columns divisible by 32, got \(spec.columns)")
            }
            let bytes = type.rowBytes(columns: spec.columns) * spec.rows
            let data = arena.allocate(bytes)
            let key = Self.key(seed: seed, name: spec.name)
            let (center, half): (Float, Float) = spec.role.isVector ? (1, 0.1) : (0, (3 / Float(spec.columns)).squareRoot())
            Self.fill(data, type: type, rows: spec.rows, columns: spec.columns, key: key, center: center, half: half)
            tensors[spec.name] = WeightTensor(name: spec.name, type: type, rows: spec.rows, columns: spec.columns,
                                              data: UnsafeRawPointer(data), byteCount: bytes)
        }
        self.origin = "random:\(config.name):\(seed)"
        self.config = config
        self.ropeStyle = ropeStyle
        self.tensors = tensors
        self.arena = arena
    }

    /// The stream key of a tensor: FNV-1a of its name, mixed with the seed.
    static func key(seed: UInt64, name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return SplitMix64.mix(hash ^ SplitMix64.mix(seed))
    }

    /// Element `index` of the stream `key`, uniform in center ± half.
    @inline(__always)
    static func value(key: UInt64, index: Int, center: Float, half: Float) -> Float {
        let bits = SplitMix64.mix(key &+ UInt64(index) &* SplitMix64.gamma)
        return center + half * (Float(bits >> 40) * 0x1p-23 - 1)
    }

    private static func fill(_ out: UnsafeMutableRawPointer, type: WeightType, rows: Int, columns: Int,
                             key: UInt64, center: Float, half: Float) {
        let row = UnsafeMutablePointer<Float>.allocate(capacity: columns)
        defer { row.deallocate() }
        let rowBytes = type.rowBytes(columns: columns)
        for r in 0..<rows {
            let base = r * columns
            for c in 0..<columns { row[c] = value(key: key, index: base + c, center: center, half: half) }
            let dst = out + r * rowBytes
            switch type {
            case .f32: dst.copyMemory(from: row, byteCount: columns * 4)
            case .f16: ek_f32_to_f16(row, dst.assumingMemoryBound(to: UInt16.self), columns)
            case .bf16:
                let h = dst.assumingMemoryBound(to: UInt16.self)
                for c in 0..<columns { h[c] = BFloat16Bits.from(row[c]) }
            case .q8_0: Q8Block.quantizeRow(row, columns: columns, into: dst)
            case .q4_0: Q4Block.quantizeRow(row, columns: columns, into: dst)
            }
        }
    }
}
