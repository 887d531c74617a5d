/// How a weight tensor is stored. Bytes per tensor include quantization scales.
///
/// CLI spellings: `f32`, `f16`, `bf16`, `int8` (Q8_0-style: blocks of 32 int8 values with one f16 scale),
/// `int8-pc` (per output channel: int8 values with one f32 scale per row), `int4` (blocks of 32 4-bit values
/// with one f16 scale, Q4_0-style) and `int4-gN` for another group size N.
public enum Precision: Hashable, Sendable {
    case f32
    case f16
    case bf16
    /// int8 values; scales per `blockSize` elements of a row (f16 scale), or per row when `blockSize` is nil (f32 scale).
    case int8(blockSize: Int?)
    /// 4-bit values packed two per byte, one f16 scale per group of `groupSize` elements of a row.
    case int4(groupSize: Int)

    /// The Q8_0-style default for `int8`.
    public static let int8Blocked = Precision.int8(blockSize: 32)
    /// Per-channel int8.
    public static let int8PerChannel = Precision.int8(blockSize: nil)
    /// The Q4_0-style default for `int4`.
    public static let int4Blocked = Precision.int4(groupSize: 32)

    /// The five base precisions, one per CLI family.
    public static let all: [Precision] = [.f32, .f16, .bf16, .int8Blocked, .int4Blocked]

    /// The largest block or group size `int8-bN` / `int4-gN` accept: 2^20, four times the widest row a valid
    /// config has (`ModelConfig.limits.ffn` = 2^18), so every larger size would mean one scale per row anyway.
    public static let maxBlockSize = 1 << 20

    /// Parses a CLI spelling; nil when the spelling is unknown or a block size is outside 1…`maxBlockSize`.
    public init?(name: String) {
        switch name.lowercased() {
        case "f32", "fp32", "float32": self = .f32
        case "f16", "fp16", "float16": self = .f16
        case "bf16", "bfloat16": self = .bf16
        case "int8", "q8_0", "int8-b32": self = .int8Blocked
        case "int8-pc", "int8-channel": self = .int8PerChannel
        case "int4", "q4_0": self = .int4Blocked
        default:
            let lower = name.lowercased()
            if lower.hasPrefix("int8-b"), let g = Int(lower.dropFirst(6)), (1...Self.maxBlockSize).contains(g) {
                self = .int8(blockSize: g)
            } else if lower.hasPrefix("int4-g"), let g = Int(lower.dropFirst(6)), (1...Self.maxBlockSize).contains(g), g % 2 == 0 {
                self = .int4(groupSize: g)
            } else {
                return nil
            }
        }
    }

    /// The canonical CLI spelling.
    public var name: String {
        switch self {
        case .f32: "f32"
        case .f16: "f16"
        case .bf16: "bf16"
        case .int8(let b): b == nil ? "int8-pc" : (b == 32 ? "int8" : "int8-b\(b!)")
        case .int4(let g): g == 32 ? "int4" : "int4-g\(g)"
        }
    }

    /// Bits of each stored element, scales excluded.
    public var elementBits: Int {
        switch self {
        case .f32: 32
        case .f16, .bf16: 16
        case .int8: 8
        case .int4: 4
        }
    }

    /// True for the integer formats that carry scales.
    public var isQuantized: Bool {
        switch self {
        case .int8, .int4: true
        default: false
        }
    }

    /// Bytes of one row of `columns` elements, scales included (a partial last block still carries a scale).
    public func rowBytes(columns: Int) -> Int {
        switch self {
        case .f32: return columns * 4
        case .f16, .bf16: return columns * 2
        case .int8(let block):
            guard let block else { return columns + 4 }
            return columns + blocks(columns, block) * 2
        case .int4(let group):
            return (columns + 1) / 2 + blocks(columns, group) * 2
        }
    }

    /// Bytes of a `rows × columns` matrix (row-major, scales per row).
    public func bytes(rows: Int, columns: Int) -> Int { rows * rowBytes(columns: columns) }

    /// ⌈n / size⌉ without forming n + size − 1, which wraps for sizes near `Int.max` in an unchecked build.
    private func blocks(_ n: Int, _ size: Int) -> Int { n / size + (n % size == 0 ? 0 : 1) }
}

extension Precision: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let value = Precision(name: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown precision '\(name)'")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
