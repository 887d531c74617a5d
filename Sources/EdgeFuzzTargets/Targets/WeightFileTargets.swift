import EdgeModel
import EdgeRuntime

/// Weight files, read as `logits`/`run --weights` read them (written to a scratch file, then memory-mapped).
enum WeightFileTargets {
    /// A whole GGUF file.
    static func gguf(_ input: UnsafeRawBufferPointer, _ scratch: ScratchDirectory)
        throws(ContractViolation) -> FuzzOutcome {
        let path = try scratch.write(input, as: "model.gguf")
        return try Contract.typedErrorOrValid {
            let weights = try GGUFWeights(path: path)
            try checkTensors(weights)
            // Every tensor lies inside the file, and no two share a byte.
            var ranges: [(start: Double, end: Double, name: String)] = []
            for info in weights.header.tensorInfos {
                guard let tensor = weights.tensors[info.name] else { throw ContractViolation("\(info.name) was dropped") }
                let start = Double(weights.header.dataOffset) + Double(info.offset)
                ranges.append((start, start + Double(tensor.byteCount), info.name))
            }
            ranges.sort { $0.start < $1.start }
            for (a, b) in zip(ranges, ranges.dropFirst()) {
                try Contract.check(a.end <= b.start, "tensors \(a.name) and \(b.name) overlap")
            }
            try Contract.check((ranges.last?.end ?? 0) <= Double(input.count), "a tensor runs past the end of the file")
        }
    }

    /// A whole `model.safetensors` file of the `mobilellm-ls-tiny` checkpoint (its config.json beside it).
    static func safetensorsFile(_ input: UnsafeRawBufferPointer, _ scratch: ScratchDirectory)
        throws(ContractViolation) -> FuzzOutcome {
        try scratch.install("safetensors/mobilellm-ls-tiny/config.json", as: "config.json")
        _ = try scratch.write(input, as: "model.safetensors")
        return try Contract.typedErrorOrValid { try checkTensors(try SafetensorsWeights(directory: scratch.path)) }
    }

    /// `model.safetensors.index.json` of the `tiny-llama-sharded` checkpoint (config and shards beside it).
    static func safetensorsIndex(_ input: UnsafeRawBufferPointer, _ scratch: ScratchDirectory)
        throws(ContractViolation) -> FuzzOutcome {
        let shards = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
        for name in shards { try scratch.install("safetensors/tiny-llama-sharded/\(name)", as: name) }
        try scratch.install("safetensors/tiny-llama-sharded/config.json", as: "sharded-config.json")
        let index = try scratch.write(input, as: "model.safetensors.index.json")
        return try Contract.typedErrorOrValid {
            try checkTensors(try SafetensorsWeights(directory: scratch.path, weights: index,
                                                    configPath: scratch.path + "/sharded-config.json"))
        }
    }

    /// A source that opened is consistent: exactly the tensors its config expects, each with the config's shape
    /// and a byte count equal to elements ÷ block elements × block bytes (computed here in floating point).
    static func checkTensors(_ source: some WeightSource) throws(ContractViolation) {
        let specs = source.config.tensors
        try Contract.check(source.tensors.count == specs.count,
                       "\(source.tensors.count) tensors, but the config expects \(specs.count)")
        for spec in specs {
            guard let tensor = source.tensors[spec.name] else { throw ContractViolation("\(spec.name) is missing") }
            try Contract.check(tensor.rows == spec.rows && tensor.columns == spec.columns,
                           "\(spec.name) is \(tensor.rows)×\(tensor.columns), the config says \(spec.rows)×\(spec.columns)")
            let (elements, bytes): (Double, Double) = switch tensor.type {
            case .f32: (1, 4)
            case .f16, .bf16: (1, 2)
            case .q8_0: (32, 34)
            case .q4_0: (32, 18)
            }
            let expected = Double(tensor.rows) * Double(tensor.columns) / elements * bytes
            try Contract.check(Double(tensor.byteCount) == expected,
                           "\(spec.name) holds \(tensor.byteCount) bytes, its shape and type need \(expected)")
        }
    }
}
