#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 64-byte-aligned block of raw memory owned by this object and freed when it goes away.
///
/// Large blocks come from the kernel untouched, so pages count toward resident memory only once written.
final class AlignedBuffer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    let byteCount: Int

    /// Allocates `byteCount` bytes (at least one), optionally zeroed.
    init(byteCount: Int, zeroed: Bool = false) {
        var pointer: UnsafeMutableRawPointer?
        let size = max(byteCount, 64)
        guard posix_memalign(&pointer, 64, size) == 0, let pointer else {
            fatalError("out of memory allocating \(size) bytes")
        }
        if zeroed { memset(pointer, 0, size) }
        raw = pointer
        self.byteCount = byteCount
    }

    /// A typed view of the start of the block.
    func pointer<T>(_ type: T.Type) -> UnsafeMutablePointer<T> { raw.assumingMemoryBound(to: type) }

    deinit { free(raw) }
}
