import EdgeModel

/// Storage types a weight tensor can have in a file or in memory.
public enum WeightType: String, Codable, Sendable, CaseIterable {
    case f32, f16, bf16
    /// llama.cpp Q8_0: blocks of 32 int8 values preceded by one f16 scale (34 bytes).
    case q8_0
    /// llama.cpp Q4_0: blocks of 32 4-bit values preceded by one f16 scale (18 bytes).
    case q4_0

    /// Bytes of a row of `columns` elements (`columns` must be a multiple of 32 for the block types).
    public func rowBytes(columns: Int) -> Int {
        switch self {
        case .f32: columns * 4
        case .f16, .bf16: columns * 2
        case .q8_0: columns / 32 * 34
        case .q4_0: columns / 32 * 18
        }
    }
}

/// Which RoPE pairing the Q and K weight rows were written for.
public enum RopeStyle: String, Codable, Sendable {
    /// Hugging Face `rotate_half`: dimension i pairs with i + headDim/2.
    case halves
    /// GGUF / llama.cpp (its converter permutes Q and K rows): dimension 2i pairs with 2i + 1.
    case interleaved
}

/// One weight tensor as stored: `rows × columns` row-major (rows = outputs), bytes at `data`.
///
/// `data` stays valid as long as the `WeightSource` that produced it is alive.
public struct WeightTensor: @unchecked Sendable {
    public var name: String
    public var type: WeightType
    public var rows: Int
    public var columns: Int
    public var data: UnsafeRawPointer
    public var byteCount: Int

    public init(name: String, type: WeightType, rows: Int, columns: Int, data: UnsafeRawPointer, byteCount: Int) {
        self.name = name
        self.type = type
        self.rows = rows
        self.columns = columns
        self.data = data
        self.byteCount = byteCount
    }
}

/// A set of named weight tensors (canonical GGUF-style names, as in `ModelConfig.tensors`) and the
/// architecture they belong to: a memory-mapped safetensors or GGUF file, or seeded random weights.
public protocol WeightSource: AnyObject, Sendable {
    /// Where the weights came from (a path, or `random:<preset>:<seed>`), used in error messages.
    var origin: String { get }
    /// The architecture, as read from the file's metadata or config.json.
    var config: ModelConfig { get }
    /// The RoPE pairing the Q/K rows expect.
    var ropeStyle: RopeStyle { get }
    /// Tensors by canonical name.
    var tensors: [String: WeightTensor] { get }
}
