import Testing
@testable import EdgeRuntime

/// The weight arena hands out 64-byte-aligned ranges back to back within a slab and gives an oversized request a
/// slab of its own.
struct WeightArenaTests {
    @Test func allocationsAreAlignedAndBackToBack() {
        let arena = WeightArena()
        // 100 bytes round up to 128 (two lines), so the second range starts 128 bytes after the first.
        let first = arena.allocate(100), second = arena.allocate(64), third = arena.allocate(1)
        #expect(Int(bitPattern: first) % 64 == 0)
        #expect(second - first == 128)
        #expect(third - second == 64)
        // A request larger than a slab gets its own slab; the next small one starts a new slab after it, not
        // inside the first slab's free tail.
        let big = arena.allocate(WeightArena.slabBytes + 1)
        #expect(Int(bitPattern: big) % 64 == 0)
        big.storeBytes(of: 7, toByteOffset: WeightArena.slabBytes, as: UInt8.self)
        #expect(big.load(fromByteOffset: WeightArena.slabBytes, as: UInt8.self) == 7)
        let after = arena.allocate(64)
        #expect(after != third + 64)
    }
}
