import EdgeModel
import Testing
@testable import EdgeProfiler

struct MemoryAmountTests {
    @Test func sizesAndSharesParse() throws {
        #expect(try MemoryAmount(parsing: "600MB", flag: "--budget") == .bytes(600_000_000))
        #expect(try MemoryAmount(parsing: "1.5GiB", flag: "--budget") == .bytes(1_610_612_736))  // 1.5 × 2^30
        #expect(try MemoryAmount(parsing: "6 GB", flag: "--dram") == .bytes(6_000_000_000))
        let share = try MemoryAmount(parsing: "25%", flag: "--budget")
        #expect(share == .fraction(0.25))
        #expect(share.bytes(of: 4_000_000_000) == 1_000_000_000)
    }

    @Test(arguments: ["12 parsecs", "0%", "150%", "-5MB", "MB", "0.1B", ""])
    func nonsenseIsAnInputErrorNamingTheFlag(text: String) {
        #expect {
            try MemoryAmount(parsing: text, flag: "--budget")
        } throws: { ($0 as? InputError)?.field == "--budget" }
    }
}
