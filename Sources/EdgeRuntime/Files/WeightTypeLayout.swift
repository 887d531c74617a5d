import EdgeModel

extension WeightType {
    /// Elements per storage block and bytes per block (1 element for the float types).
    var block: (elements: Int, bytes: Int) {
        switch self {
        case .f32: (1, 4)
        case .f16, .bf16: (1, 2)
        case .q8_0: (32, 34)
        case .q4_0: (32, 18)
        }
    }

    /// The `Precision` a matrix stored in this type has.
    public var precision: Precision {
        switch self {
        case .f32: .f32
        case .f16: .f16
        case .bf16: .bf16
        case .q8_0: .int8Blocked
        case .q4_0: .int4Blocked
        }
    }

    /// The type for a ggml type id, or nil when EdgeProf does not read that type.
    init?(ggmlTypeID id: UInt32) {
        switch id {
        case 0: self = .f32
        case 1: self = .f16
        case 2: self = .q4_0
        case 8: self = .q8_0
        case 30: self = .bf16
        default: return nil
        }
    }

    /// The type for a safetensors dtype string, or nil when EdgeProf does not read that dtype.
    init?(safetensorsDType dtype: String) {
        switch dtype {
        case "F32": self = .f32
        case "F16": self = .f16
        case "BF16": self = .bf16
        default: return nil
        }
    }

    /// ggml's name for a type id, for error messages.
    static func ggmlTypeName(_ id: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1", 10: "Q2_K",
            11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS",
            18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS", 24: "I8",
            25: "I16", 26: "I32", 27: "I64", 28: "F64", 29: "IQ1_M", 30: "BF16", 34: "TQ1_0", 35: "TQ2_0",
            39: "MXFP4",
        ]
        return names[id] ?? "type \(id)"
    }
}
