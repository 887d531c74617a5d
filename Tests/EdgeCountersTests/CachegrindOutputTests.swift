@testable import EdgeCounters
import EdgeMemory
import EdgeModel
import Foundation
import Testing

@Suite struct CachegrindOutputTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cachegrind/true.cachegrind.out")

    /// The fixture is the head of `valgrind --tool=cachegrind --I1=32768,8,64 --D1=49152,12,64 --LL=16777216,16,64
    /// /bin/true` (valgrind 3.19) with its summary recomputed over the kept lines; the totals must equal the column
    /// sums of every cost line (cachegrind's own invariant), summed here independently of the parser.
    @Test func totalsAreTheSummaryAndMatchTheCostLines() throws {
        let text = try String(contentsOf: Self.fixture, encoding: .utf8)
        let output = try CachegrindOutput(text: Substring(text), file: "fixture")
        var sums = Array(repeating: 0, count: 9)
        for line in text.split(separator: "\n") where line.first?.isNumber == true {
            for (i, field) in line.split(separator: " ").dropFirst().enumerated() { sums[i] += Int(field)! }
        }
        let events = ["Ir", "I1mr", "ILmr", "Dr", "D1mr", "DLmr", "Dw", "D1mw", "DLmw"]
        #expect(events.map { output.totals[$0] } == sums)
        #expect(output.d1Misses == sums[4] + sums[7])
        #expect(output.llDataMisses == sums[5] + sums[8])
        #expect(output.descriptions == ["I1 cache: 32768 B, 64 B, 8-way associative",
                                        "D1 cache: 49152 B, 64 B, 12-way associative",
                                        "LL cache: 16777216 B, 64 B, 16-way associative"])
    }

    @Test func missingOrMismatchedSummaryIsAnInputError() {
        #expect(throws: InputError.self) { try CachegrindOutput(text: "events: Ir Dr\n", file: "x") }
        #expect(throws: InputError.self) { try CachegrindOutput(text: "events: Ir Dr\nsummary: 1\n", file: "x") }
        #expect(throws: InputError.self) { try CachegrindOutput(text: "summary: 1 2\n", file: "x") }
    }

    /// The valgrind options carry the profile's first and last levels as size,ways,line (the rpi5 profile's, read
    /// back from the profile itself).
    @Test func valgrindOptionsUseFirstAndLastLevels() throws {
        let profile = try DeviceProfile.load(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("DeviceProfiles/rpi5.json"))
        let check = try CachegrindCheck(hostProfile: profile)
        let first = profile.caches.first!, last = profile.caches.last!
        let d1 = "\(Int(first.size.base)),\(Int(first.ways.base)),\(Int(first.lineSize.base))"
        let ll = "\(Int(last.size.base)),\(Int(last.ways.base)),\(Int(last.lineSize.base))"
        #expect(check.valgrindOptions == ["--tool=cachegrind", "--cache-sim=yes", "--I1=\(d1)", "--D1=\(d1)", "--LL=\(ll)"])
        #expect(check.profile.caches.map(\.name) == [first.name, last.name])
    }
}
