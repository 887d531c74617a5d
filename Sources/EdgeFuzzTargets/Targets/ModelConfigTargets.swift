import EdgeModel
import Foundation

/// Model architecture inputs: Hugging Face config.json and precision spellings.
enum ModelConfigTargets {
    /// Precisions whose byte counts every valid config is checked under (the largest block size included).
    static let precisions: [Precision] = Precision.all + [.int8PerChannel, .int4(groupSize: 64),
                                                          .int8(blockSize: Precision.maxBlockSize),
                                                          .int4(groupSize: Precision.maxBlockSize)]

    static func hfConfig(_ input: UnsafeRawBufferPointer) throws(ContractViolation) -> FuzzOutcome {
        return try Contract.typedErrorOrValid {
            let config = try HFConfig.parse(Data(input), source: "config.json")
            try checkTotals(config)
        }
    }

    /// A `--precision` spelling: a parsed precision round-trips through its name and gives consistent totals.
    static func precision(_ input: UnsafeRawBufferPointer) throws(ContractViolation) -> FuzzOutcome {
        guard let name = String(validating: input, as: UTF8.self), let precision = Precision(name: name) else {
            return .rejected
        }
        try Contract.check(Precision(name: precision.name) == precision, "'\(name)' → \(precision.name) does not round-trip")
        guard let model = Presets.named("mobilellm-125m") else { throw ContractViolation("preset missing") }
        try checkTotals(model.with(precision: precision))
        return .accepted
    }

    /// A valid config's totals are consistent: the schedule has one physical block per executed layer, and its
    /// weight bytes under each precision equal Σ rows × ⌈columns ÷ block⌉-based row bytes, summed here in
    /// floating point (exact below 2^53, which `ModelConfig.limits.bytes` = 2^50 keeps them under).
    static func checkTotals(_ config: ModelConfig) throws(ContractViolation) {
        let schedule = config.schedule
        try Contract.check(schedule.count == config.executedLayers, "schedule has \(schedule.count) layers")
        try Contract.check(schedule.allSatisfy { (0..<config.blocks).contains($0) }, "schedule names a missing block")
        for precision in precisions + [config.precision] {
            let variant = config.with(precision: precision)
            var expected = 0.0
            for spec in variant.tensors {
                expected += Double(spec.rows) * rowBytes(spec.precision, columns: Double(spec.columns))
            }
            try Contract.check(Double(variant.weightBytes) == expected,
                           "\(precision.name): weightBytes \(variant.weightBytes), expected \(expected)")
            try Contract.check(variant.weightBytes > 0, "\(precision.name): no weight bytes")
        }
        let kvEntry = config.kvPrecision == .f32 ? 4.0 : 2.0
        try Contract.check(Double(config.kvBytesPerToken) == Double(config.executedLayers) * 2 * Double(config.kvDim) * kvEntry,
                       "kvBytesPerToken \(config.kvBytesPerToken)")
    }

    private static func rowBytes(_ precision: Precision, columns: Double) -> Double {
        switch precision {
        case .f32: columns * 4
        case .f16, .bf16: columns * 2
        case .int8(let block): block.map { columns + (columns / Double($0)).rounded(.up) * 2 } ?? columns + 4
        case .int4(let group): (columns / 2).rounded(.up) + (columns / Double(group)).rounded(.up) * 2
        }
    }
}

/// Numbers typed on the command line.
enum CommandLineTargets {
    /// A `--tokens` / `--prompt-tokens` list for a vocabulary of 256 and a context of 64: a parsed list has one id
    /// per comma-separated item, each in the vocabulary, and no more than the context.
    static func tokens(_ input: UnsafeRawBufferPointer) throws(ContractViolation) -> FuzzOutcome {
        guard let text = String(validating: input, as: UTF8.self) else { return .rejected }
        return try Contract.typedErrorOrValid {
            let ids = try TokenList.parse(text, flag: "--tokens", vocab: 256, context: 64)
            let items = text.split(separator: ",", omittingEmptySubsequences: false).count
            try Contract.check(ids.count == items, "\(ids.count) ids from \(items) items")
            try Contract.check(ids.count <= 64, "\(ids.count) ids exceed the context")
            try Contract.check(ids.allSatisfy { (0..<256).contains($0) }, "an id is outside the vocabulary")
        }
    }
}
