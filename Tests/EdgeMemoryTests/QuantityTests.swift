import Testing
@testable import EdgeMemory

struct QuantityTests {
    @Test func convertsToBaseUnits() {
        #expect(Quantity(12, .MiB, .measured, source: "s").base == 12_582_912)
        #expect(Quantity(4, .GB, .spec, source: "s").base == 4e9)
        #expect(Quantity(34.1, .GBps, .estimate, source: "s").base == 34.1e9)
        #expect(Quantity(930, .MBps, .measured, source: "s").base == 930e6)
        #expect(Quantity(104, .ns, .measured, source: "s").base == 104e-9)
        #expect(abs(Quantity(8, .pJPerBit, .estimate, source: "s").base - 64e-12) < 1e-24)
        #expect(Quantity(203, .GFLOPs, .estimate, source: "s").base == 203e9)
        #expect(Quantity(15.8, .TOPs, .spec, source: "s").base == 15.8e12)
        #expect(Quantity(500, .mW, .estimate, source: "s").base == 0.5)
    }

    @Test func everyUnitHasADimension() {
        let bytes = QuantityUnit.allCases.filter { $0.dimension == .bytes }.map(\.rawValue)
        #expect(bytes == ["B", "KiB", "MiB", "GiB", "KB", "MB", "GB"])
        #expect(QuantityUnit(rawValue: "GB/s")?.dimension == .bandwidth)
        #expect(QuantityUnit(rawValue: "pJ/B")?.dimension == .energyPerByte)
    }
}
