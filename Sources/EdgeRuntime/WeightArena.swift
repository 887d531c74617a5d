/// Weight memory carved, in allocation order, from large 2 MiB-aligned slabs that ask for transparent huge pages.
///
/// Decode streams every weight matrix once per token. Most matrices of the small models are far below the 4 MiB
/// from which an `AlignedBuffer` of its own asks for huge pages (mobilellm-125m: 210 of its 211 at Q8_0), so they
/// sat on 4 KiB pages: a page walk every 4 KiB (about 33,000 per Q8_0 token) and a hardware prefetcher that
/// stops at every page boundary. Carving them from shared slabs puts them on 2 MiB pages, back to back in the order
/// the forward pass reads them. The decode matmul sequence of mobilellm-125m, one thread (alternating, 3 rounds):
/// Q8_0 1.08–1.30×, Q4_0 1.04–1.06× against one allocation per matrix.
///
/// A slab's untouched tail stays virtual (never resident). Not thread-safe: filled once, at init.
final class WeightArena: @unchecked Sendable {
    /// Bytes of a slab (a larger request gets a slab of its own size).
    static let slabBytes = 32 << 20
    /// Alignment of every allocation (a cache line: what the kernels' vector loads want).
    static let alignment = 64

    private var slabs: [AlignedBuffer] = []
    private var used = 0

    /// `bytes` (at least one) of uninitialized, 64-byte-aligned memory that lives as long as the arena.
    func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let size = max(bytes, 1)
        let rounded = size + (Self.alignment - size % Self.alignment) % Self.alignment
        if let slab = slabs.last, slab.byteCount - used >= rounded {
            defer { used += rounded }
            return slab.raw + used
        }
        let slab = AlignedBuffer(byteCount: max(Self.slabBytes, rounded), hugePages: true)
        slabs.append(slab)
        used = rounded
        return slab.raw
    }
}
