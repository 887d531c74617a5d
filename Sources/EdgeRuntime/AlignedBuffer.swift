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

    /// Blocks at least this large may use transparent huge pages.
    static let hugePageThreshold = 4 << 20

    /// Allocates `byteCount` bytes (at least one), optionally zeroed. `hugePages` asks the kernel for 2 MiB pages
    /// (madvise; only for blocks of 4 MiB or more that are read whole, such as weights): streaming weights through
    /// 4 KiB pages costs a TLB miss per page.
    init(byteCount: Int, zeroed: Bool = false, hugePages: Bool = false) {
        var pointer: UnsafeMutableRawPointer?
        let size = max(byteCount, 64)
        let huge = hugePages && size >= Self.hugePageThreshold
        guard posix_memalign(&pointer, huge ? 2 << 20 : 64, size) == 0, let pointer else {
            fatalError("out of memory allocating \(size) bytes")
        }
        #if os(Linux)
        if huge { _ = madvise(pointer, size, MADV_HUGEPAGE) }
        #endif
        if zeroed { memset(pointer, 0, size) }
        raw = pointer
        self.byteCount = byteCount
    }

    /// A typed view of the start of the block.
    func pointer<T>(_ type: T.Type) -> UnsafeMutablePointer<T> { raw.assumingMemoryBound(to: type) }

    deinit { free(raw) }
}
