import EdgeModel

/// Collects the tensors read from model files under their canonical names, checking each one's shape,
/// byte count and bounds, then checks the set against the tensors a `ModelConfig` expects.
struct FileTensorTable {
    /// The file named in errors about the whole set.
    let origin: String
    private(set) var tensors: [String: WeightTensor] = [:]
    /// Shapes as stored in the files, outermost first.
    private(set) var shapes: [String: [Int]] = [:]
    /// Copies of tensors whose bytes were not aligned to their element size in the file.
    private(set) var alignedCopies: [AlignedCopy] = []

    init(origin: String) { self.origin = origin }

    /// Shape (outermost first) → rows × columns and the byte count of a tensor of `type`, with checked arithmetic.
    static func layout(shape: [Int], type: WeightType, tensor: String, file: String) throws
        -> (rows: Int, columns: Int, bytes: Int) {
        func fail(_ reason: String) -> InputError { InputError(file: file, field: tensor, reason) }
        guard shape.count == 1 || shape.count == 2 else {
            throw fail("has shape \(shape); only vectors and matrices are weights")
        }
        for dim in shape where dim <= 0 { throw fail("has shape \(shape) with a dimension ≤ 0") }
        let rows = shape.count == 2 ? shape[0] : 1, columns = shape[shape.count - 1]
        let (elements, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow else { throw fail("shape \(shape) overflows the element count") }
        let block = type.block
        guard columns % block.elements == 0 else {
            throw fail("\(type.rawValue) needs a row length that is a multiple of \(block.elements), got \(columns)")
        }
        let (bytes, overflowBytes) = (elements / block.elements).multipliedReportingOverflow(by: block.bytes)
        guard !overflowBytes else { throw fail("shape \(shape) overflows the byte count") }
        return (rows, columns, bytes)
    }

    /// Adds a tensor whose bytes are `bytes` (already bounds-checked against its file); errors name it
    /// `sourceName`, its name in the file.
    mutating func add(name: String, sourceName: String, file: String, type: WeightType, shape: [Int],
                      bytes: UnsafeRawBufferPointer) throws {
        guard tensors[name] == nil else { throw InputError(file: file, field: sourceName, "duplicate tensor") }
        let layout = try Self.layout(shape: shape, type: type, tensor: sourceName, file: file)
        guard layout.bytes == bytes.count, let base = bytes.baseAddress else {
            throw InputError(file: file, field: sourceName,
                             "holds \(bytes.count) bytes, but shape \(shape) of \(type.rawValue) needs \(layout.bytes)")
        }
        var data = UnsafeRawPointer(base)
        if Int(bitPattern: base) % type.loadAlignment != 0 {
            let copy = AlignedCopy(copying: data, count: bytes.count)
            alignedCopies.append(copy)
            data = copy.pointer
        }
        tensors[name] = WeightTensor(name: name, type: type, rows: layout.rows, columns: layout.columns, data: data,
                                     byteCount: bytes.count)
        shapes[name] = shape
    }

    /// Every tensor `config` expects is present with its shape, and nothing else is.
    func check(against config: ModelConfig) throws {
        let expected = config.tensors
        for spec in expected {
            guard let tensor = tensors[spec.name] else {
                throw InputError(file: origin, field: spec.name, "missing tensor (expected shape \(spec.shape))")
            }
            let shape = shapes[spec.name] ?? [tensor.rows, tensor.columns]
            guard shape == spec.shape else {
                throw InputError(file: origin, field: spec.name,
                                 "has shape \(shape), expected \(spec.shape) for \(config.name)")
            }
        }
        let names = Set(expected.map(\.name))
        if let extra = tensors.keys.sorted().first(where: { !names.contains($0) }) {
            throw InputError(file: origin, field: extra, "unexpected tensor for \(config.name)")
        }
    }
}

private extension WeightType {
    /// Alignment that element loads need: 4 for f32, 2 for f16, bf16 and the blocks' f16 scales.
    var loadAlignment: Int { self == .f32 ? 4 : 2 }
}
