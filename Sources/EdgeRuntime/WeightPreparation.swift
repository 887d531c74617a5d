import EdgeKernels
import EdgeModel

/// The in-memory weight formats the runtime computes with.
public enum RuntimeStorage: String, Codable, Sendable {
    case f32, f16
    /// bfloat16 weights, widened on the fly (AVX-512 BF16 dot products where the CPU has them).
    case bf16
    /// Q8_0: int8 weights with an f16 scale per 32; activations quantized per 32 (Q8_0 × Q8).
    case q8
    /// Q4_0: 4-bit weights with an f16 scale per 32; activations quantized per 32 (Q4_0 × Q8).
    case q4
    /// Per-channel int8 weights (f32 scale per row) with per-token min-max u8 activations (W8A8).
    case w8a8

    /// The storage for a requested precision; nil precision keeps the file's type.
    static func forPrecision(_ precision: Precision?, sourceType: WeightType, origin: String) throws -> RuntimeStorage {
        switch precision {
        case nil:
            switch sourceType {
            case .f32: return .f32
            case .f16: return .f16
            case .bf16: return .bf16
            case .q8_0: return .q8
            case .q4_0: return .q4
            }
        case .f32: return .f32
        case .f16: return .f16
        case .bf16: return .bf16
        case .int8(blockSize: 32): return .q8
        case .int8(blockSize: nil): return .w8a8
        case .int4(groupSize: 32): return .q4
        case let other?:
            throw InputError(file: origin, field: "precision",
                             "the runtime computes in f32, f16, bf16, int8 (Q8_0), int8-pc (W8A8) or int4 (Q4_0), not \(other.name)")
        }
    }

    /// The `Precision` whose byte counts this storage has (for the op plan).
    var precision: Precision {
        switch self {
        case .f32: .f32
        case .f16: .f16
        case .bf16: .bf16
        case .q8: .int8Blocked
        case .q4: .int4Blocked
        case .w8a8: .int8PerChannel
        }
    }
}

/// Converts file tensors into `PreparedMatrix` layouts (zero-copy when the types already match) and owns the
/// memory of the converted ones (one `WeightArena`, in preparation order).
struct WeightPreparation {
    let origin: String
    private let arena = WeightArena()

    init(origin: String) { self.origin = origin }

    /// Checks a tensor's presence, shape and byte count against its spec.
    func tensor(_ spec: TensorSpec, in source: WeightSource) throws -> WeightTensor {
        guard let tensor = source.tensors[spec.name] else {
            throw InputError(file: origin, field: spec.name, "tensor is missing")
        }
        guard tensor.rows == spec.rows, tensor.columns == spec.columns else {
            throw InputError(file: origin, field: spec.name,
                             "shape \(tensor.rows)×\(tensor.columns), expected \(spec.rows)×\(spec.columns)")
        }
        if (tensor.type == .q8_0 || tensor.type == .q4_0) && tensor.columns % 32 != 0 {
            throw InputError(file: origin, field: spec.name, "block-quantized rows need columns divisible by 32")
        }
        let needed = tensor.type.rowBytes(columns: tensor.columns) * tensor.rows
        guard tensor.byteCount >= needed else {
            throw InputError(file: origin, field: spec.name, "has \(tensor.byteCount) bytes, expected \(needed)")
        }
        return tensor
    }

    /// A norm vector as f32 (zero-copy for f32 tensors).
    func vector(_ tensor: WeightTensor) throws -> UnsafePointer<Float> {
        if tensor.type == .f32 { return tensor.data.assumingMemoryBound(to: Float.self) }
        let out = arena.allocate(tensor.columns * tensor.rows * 4).assumingMemoryBound(to: Float.self)
        for r in 0..<tensor.rows { Self.rowAsFloat(tensor, r, into: out + r * tensor.columns) }
        return UnsafePointer(out)
    }

    /// The tensor's rows widened to f32 one at a time and encoded as 16-bit values (f16 or bf16) by `encode`
    /// (source row, destination row, columns), in a new buffer.
    private func halfRows(
        _ tensor: WeightTensor, encode: (UnsafePointer<Float>, UnsafeMutablePointer<UInt16>, Int) -> Void
    ) -> UnsafeMutablePointer<UInt16> {
        let rows = tensor.rows, cols = tensor.columns
        let out = arena.allocate(rows * cols * 2).assumingMemoryBound(to: UInt16.self)
        let row = UnsafeMutablePointer<Float>.allocate(capacity: cols)
        defer { row.deallocate() }
        for r in 0..<rows {
            Self.rowAsFloat(tensor, r, into: row)
            encode(row, out + r * cols, cols)
        }
        return out
    }

    /// A matrix in `storage` layout.
    func matrix(_ tensor: WeightTensor, as storage: RuntimeStorage) throws -> PreparedMatrix {
        let rows = tensor.rows, cols = tensor.columns
        switch (storage, tensor.type) {
        case (.f32, .f32):
            return PreparedMatrix(rows: rows, columns: cols, storage: .f32(tensor.data.assumingMemoryBound(to: Float.self)),
                                  base: tensor.data, byteCount: rows * cols * 4)
        case (.f16, .f16):
            return PreparedMatrix(rows: rows, columns: cols, storage: .f16(tensor.data.assumingMemoryBound(to: UInt16.self)),
                                  base: tensor.data, byteCount: rows * cols * 2)
        case (.bf16, .bf16):
            return PreparedMatrix(rows: rows, columns: cols, storage: .bf16(tensor.data.assumingMemoryBound(to: UInt16.self)),
                                  base: tensor.data, byteCount: rows * cols * 2)
        case (.f32, _):
            let out = arena.allocate(rows * cols * 4).assumingMemoryBound(to: Float.self)
            for r in 0..<rows { Self.rowAsFloat(tensor, r, into: out + r * cols) }
            return PreparedMatrix(rows: rows, columns: cols, storage: .f32(out), base: out, byteCount: rows * cols * 4)
        case (.f16, _):
            let out = halfRows(tensor) { row, out, cols in ek_f32_to_f16(row, out, cols) }
            return PreparedMatrix(rows: rows, columns: cols, storage: .f16(out), base: out, byteCount: rows * cols * 2)
        case (.bf16, _):
            let out = halfRows(tensor) { row, out, cols in
                for c in 0..<cols { out[c] = BFloat16Bits.from(row[c]) }
            }
            return PreparedMatrix(rows: rows, columns: cols, storage: .bf16(out), base: out, byteCount: rows * cols * 2)
        case (.q8, _):
            guard cols % 32 == 0 else {
                throw InputError(file: origin, field: tensor.name, "int8 (Q8_0) needs columns divisible by 32, got \(cols)")
            }
            return q8(tensor)
        case (.q4, _):
            guard cols % 32 == 0 else {
                throw InputError(file: origin, field: tensor.name, "int4 (Q4_0) needs columns divisible by 32, got \(cols)")
            }
            return q4(tensor)
        case (.w8a8, _):
            return w8a8(tensor)
        }
    }

    /// Repacks (Q8_0 source) or quantizes (any other source) into int8 values followed by f16 block scales.
    private func q8(_ tensor: WeightTensor) -> PreparedMatrix {
        let rows = tensor.rows, cols = tensor.columns, blocks = cols / 32
        let byteCount = rows * cols + rows * blocks * 2
        let base = arena.allocate(byteCount)
        let values = base.assumingMemoryBound(to: Int8.self)
        let scales = (base + rows * cols).assumingMemoryBound(to: UInt16.self)
        let rowBytes = blocks * Q8Block.bytes
        let floats = UnsafeMutablePointer<Float>.allocate(capacity: cols)
        let packed = UnsafeMutableRawPointer.allocate(byteCount: rowBytes, alignment: 64)
        defer { floats.deallocate(); packed.deallocate() }
        for r in 0..<rows {
            let src: UnsafeRawPointer
            if tensor.type == .q8_0 {
                src = tensor.data + r * rowBytes
            } else {
                Self.rowAsFloat(tensor, r, into: floats)
                Q8Block.quantizeRow(floats, columns: cols, into: packed)
                src = UnsafeRawPointer(packed)
            }
            for b in 0..<blocks {
                let block = src + b * Q8Block.bytes
                scales[r * blocks + b] = block.loadUnaligned(as: UInt16.self)
                (values + r * cols + b * 32).update(from: (block + 2).assumingMemoryBound(to: Int8.self), count: 32)
            }
        }
        return PreparedMatrix(rows: rows, columns: cols, storage: .q8(values: values, scales: scales),
                              base: base, byteCount: byteCount)
    }

    /// Repacks (Q4_0 source) or quantizes (any other source) into kernel-order nibbles followed by f16 block scales.
    private func q4(_ tensor: WeightTensor) -> PreparedMatrix {
        let rows = tensor.rows, cols = tensor.columns, blocks = cols / 32
        let byteCount = rows * cols / 2 + rows * blocks * 2
        let base = arena.allocate(byteCount)
        let packed = base.assumingMemoryBound(to: UInt8.self)
        let scales = (base + rows * cols / 2).assumingMemoryBound(to: UInt16.self)
        let rowBytes = blocks * Q4Block.bytes
        let floats = UnsafeMutablePointer<Float>.allocate(capacity: cols)
        let nibbles = UnsafeMutablePointer<UInt8>.allocate(capacity: cols)
        let blocksBuffer = UnsafeMutableRawPointer.allocate(byteCount: rowBytes, alignment: 64)
        defer { floats.deallocate(); nibbles.deallocate(); blocksBuffer.deallocate() }
        for r in 0..<rows {
            let src: UnsafeRawPointer
            if tensor.type == .q4_0 {
                src = tensor.data + r * rowBytes
            } else {
                Self.rowAsFloat(tensor, r, into: floats)
                Q4Block.quantizeRow(floats, columns: cols, into: blocksBuffer)
                src = UnsafeRawPointer(blocksBuffer)
            }
            Q4Block.nibbles(src, columns: cols, into: nibbles)
            Q4Block.packForKernel(nibbles, columns: cols, into: packed + r * cols / 2)
            for b in 0..<blocks { scales[r * blocks + b] = (src + b * Q4Block.bytes).loadUnaligned(as: UInt16.self) }
        }
        return PreparedMatrix(rows: rows, columns: cols, storage: .q4(packed: packed, scales: scales),
                              base: base, byteCount: byteCount)
    }

    /// Per-channel symmetric int8: scale = max|row| / 127, plus each row's sum of int8 values.
    private func w8a8(_ tensor: WeightTensor) -> PreparedMatrix {
        let rows = tensor.rows, cols = tensor.columns
        let byteCount = rows * cols + rows * 8
        let base = arena.allocate(byteCount)
        let values = base.assumingMemoryBound(to: Int8.self)
        let scales = (base + rows * cols).assumingMemoryBound(to: Float.self)
        let sums = (base + rows * cols + rows * 4).assumingMemoryBound(to: Int32.self)
        let floats = UnsafeMutablePointer<Float>.allocate(capacity: cols)
        defer { floats.deallocate() }
        for r in 0..<rows {
            Self.rowAsFloat(tensor, r, into: floats)
            var amax: Float = 0
            for c in 0..<cols { amax = max(amax, abs(floats[c])) }
            let scale = amax / 127, inverse: Float = scale > 0 ? 1 / scale : 0
            var sum: Int32 = 0
            for c in 0..<cols {
                let q = Int8((floats[c] * inverse).rounded())
                values[r * cols + c] = q
                sum += Int32(q)
            }
            scales[r] = scale
            sums[r] = sum
        }
        return PreparedMatrix(rows: rows, columns: cols, storage: .w8a8(values: values, scales: scales, sums: sums),
                              base: base, byteCount: byteCount)
    }

    /// Row `r` of any file tensor as floats.
    static func rowAsFloat(_ tensor: WeightTensor, _ r: Int, into out: UnsafeMutablePointer<Float>) {
        let cols = tensor.columns
        let row = tensor.data + r * tensor.type.rowBytes(columns: cols)
        switch tensor.type {
        case .f32: out.update(from: row.assumingMemoryBound(to: Float.self), count: cols)
        case .f16: ek_f16_to_f32(row.assumingMemoryBound(to: UInt16.self), out, cols)
        case .bf16:
            let h = row.assumingMemoryBound(to: UInt16.self)
            for c in 0..<cols { out[c] = BFloat16Bits.toFloat(h[c]) }
        case .q8_0: Q8Block.dequantizeRow(row, columns: cols, into: out)
        case .q4_0: Q4Block.dequantizeRow(row, columns: cols, into: out)
        }
    }
}
