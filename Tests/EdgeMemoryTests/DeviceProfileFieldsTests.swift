import Testing
@testable import EdgeMemory

struct DeviceProfileFieldsTests {
    @Test func listsEveryQuantityWithItsPath() throws {
        let p = try DeviceProfile.load(from: Fixtures.profiles.appendingPathComponent("rpi5.json"))
        let fields = p.quantities
        // 4 peaks + 4 op energies, 3 levels × 7, 6 DRAM, 2 flash, 1 power, 4 overheads.
        #expect(fields.count == 8 + 21 + 6 + 2 + 1 + 4)
        #expect(fields.first { $0.field == "caches[1].ways" }?.quantity.value == 8)
        #expect(fields.allSatisfy { !$0.quantity.source.isEmpty })
    }
}
