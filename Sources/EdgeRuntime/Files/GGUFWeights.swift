import EdgeModel

/// The weights and architecture of a memory-mapped llama-architecture GGUF file (v2 or v3).
///
/// Q and K rows are stored as llama.cpp's converter permuted them, so `ropeStyle` is `.interleaved`.
public final class GGUFWeights: WeightSource {
    public let origin: String
    public let config: ModelConfig
    public let ropeStyle = RopeStyle.interleaved
    public let tensors: [String: WeightTensor]
    /// The parsed header (metadata and tensor infos).
    public let header: GGUFFile
    /// The mapping and aligned copies `tensors` point into, kept alive with this source.
    private let file: MappedFile
    private let alignedCopies: [AlignedCopy]

    /// Maps and reads the GGUF file at `path`; every problem is an `InputError` naming the file and field or tensor.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        origin = path
        header = try GGUFFile(bytes: file.bytes, file: path)
        var table = FileTensorTable(origin: path)
        var ranges: [(name: String, range: Range<Int>)] = []
        for info in header.tensorInfos {
            ranges.append((info.name, try Self.add(info, header: header, file: file, to: &table)))
        }
        try Self.rejectOverlaps(ranges, file: path)
        config = try ModelConfig(gguf: header, file: path, tensors: table.tensors)
        try table.check(against: config)
        tensors = table.tensors
        alignedCopies = table.alignedCopies
    }

    /// Adds one tensor to `table` and returns the range its data occupies in the data section.
    private static func add(_ info: GGUFTensorInfo, header: GGUFFile, file: MappedFile,
                            to table: inout FileTensorTable) throws -> Range<Int> {
        func fail(_ reason: String) -> InputError { InputError(file: file.path, field: info.name, reason) }
        guard let type = WeightType(ggmlTypeID: info.typeID) else {
            throw fail("unsupported tensor type \(WeightType.ggmlTypeName(info.typeID)); F32, F16, BF16, Q8_0 and Q4_0 are read")
        }
        // GGUF lists dims innermost first; trailing 1s pad vectors stored as matrices.
        var dims = info.dims
        while dims.count > 1, dims.last == 1 { dims.removeLast() }
        let shape = Array(dims.reversed())
        let layout = try FileTensorTable.layout(shape: shape, type: type, tensor: info.name, file: file.path)
        guard info.offset % header.alignment == 0 else {
            throw fail("data offset \(info.offset) is not a multiple of the alignment \(header.alignment)")
        }
        let (start, overflowStart) = header.dataOffset.addingReportingOverflow(info.offset)
        let (end, overflowEnd) = start.addingReportingOverflow(layout.bytes)
        guard !overflowStart, !overflowEnd, end <= file.count else {
            throw fail("\(layout.bytes) bytes at data offset \(info.offset) (data section at \(header.dataOffset)) "
                       + "run past the end of the file (\(file.count) bytes)")
        }
        let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[start..<end])
        try table.add(name: info.name, sourceName: info.name, file: file.path, type: type, shape: shape, bytes: bytes)
        return info.offset..<(info.offset + layout.bytes)
    }

    /// Two tensors whose data share a byte would alias each other's weights: an error naming both (ranges are
    /// data-section offsets, as GGUF stores them).
    static func rejectOverlaps(_ ranges: [(name: String, range: Range<Int>)], file: String) throws {
        let ordered = ranges.sorted { ($0.range.lowerBound, $0.name) < ($1.range.lowerBound, $1.name) }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) where later.range.lowerBound < earlier.range.upperBound {
            throw InputError(file: file, field: later.name,
                             "data [\(later.range.lowerBound), \(later.range.upperBound)) overlaps tensor \(earlier.name) "
                             + "[\(earlier.range.lowerBound), \(earlier.range.upperBound))")
        }
    }
}
