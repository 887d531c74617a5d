import EdgeModel

/// One memory-mapped safetensors file: u64 header length, JSON header, then the tensor data.
struct SafetensorsFile {
    /// A tensor as the file stores it, under its checkpoint (Hugging Face) name.
    struct Tensor {
        var name: String
        var type: WeightType
        /// Outermost first.
        var shape: [Int]
        var bytes: UnsafeRawBufferPointer
    }

    let mapped: MappedFile
    let tensors: [Tensor]

    init(path: String) throws {
        mapped = try MappedFile(path: path)
        var cursor = mapped.cursor()
        func fail(_ field: String, _ reason: String) -> InputError { InputError(file: path, field: field, reason) }

        let rawLength = try cursor.read(UInt64.self, field: "header length")
        guard rawLength >= 2, rawLength <= UInt64(SafetensorsHeader.maxLength) else {
            throw fail("header length", "\(rawLength) bytes is absurd (2 to \(SafetensorsHeader.maxLength) allowed)")
        }
        let json = try cursor.readBytes(Int(rawLength), field: "header")
        guard json.first == UInt8(ascii: "{") else { throw fail("header", "does not start with '{' (not safetensors?)") }
        let header = try SafetensorsHeader.parse(json, file: path)
        let dataStart = cursor.offset, dataCount = cursor.remaining

        var tensors: [Tensor] = []
        var previous = (name: "", end: 0)
        let ordered = header.entries.sorted {
            ($0.entry.dataOffsets.first ?? 0, $0.name) < ($1.entry.dataOffsets.first ?? 0, $1.name)
        }
        for (name, entry) in ordered {
            guard let type = WeightType(safetensorsDType: entry.dtype) else {
                throw fail(name, "unsupported dtype \(entry.dtype); F32, F16 and BF16 are read")
            }
            let layout = try FileTensorTable.layout(shape: entry.shape, type: type, tensor: name, file: path)
            guard entry.dataOffsets.count == 2 else {
                throw fail(name, "data_offsets must hold [begin, end], got \(entry.dataOffsets)")
            }
            let begin = entry.dataOffsets[0], end = entry.dataOffsets[1]
            guard begin >= 0, begin <= end, end <= dataCount else {
                throw fail(name, "data_offsets [\(begin), \(end)] lie outside the \(dataCount) data bytes (truncated?)")
            }
            guard end - begin == layout.bytes else {
                throw fail(name, "data_offsets span \(end - begin) bytes, but shape \(entry.shape) of \(entry.dtype) "
                           + "needs \(layout.bytes)")
            }
            guard begin >= previous.end else { throw fail(name, "data overlaps tensor \(previous.name)") }
            previous = (name, end)
            let bytes = UnsafeRawBufferPointer(rebasing: mapped.bytes[(dataStart + begin)..<(dataStart + end)])
            tensors.append(Tensor(name: name, type: type, shape: entry.shape, bytes: bytes))
        }
        self.tensors = tensors
    }
}
