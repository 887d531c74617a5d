/// A 16-byte-aligned heap copy of a tensor whose bytes in the file are misaligned for its element type;
/// freed with the weight source that holds it.
final class AlignedCopy: @unchecked Sendable {
    let pointer: UnsafeRawPointer
    private let storage: UnsafeMutableRawPointer

    init(copying source: UnsafeRawPointer, count: Int) {
        storage = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        storage.copyMemory(from: source, byteCount: count)
        pointer = UnsafeRawPointer(storage)
    }

    deinit { storage.deallocate() }
}
