import EdgeModel
import Testing

@Suite struct ShardTests {
    @Test func parsesIOverNAndNamesTheFlagOnBadInput() throws {
        #expect(try Shard(parsing: "2/3") == Shard(index: 2, count: 3))
        #expect(try Shard(parsing: "10000/10000").text == "10000/10000")
        for bad in ["0/3", "4/3", "1/0", "x/2", "1/2/3", "", "-1/2", "1/10001"] {
            #expect { try Shard(parsing: bad, flag: "--part") } throws: { ($0 as? InputError)?.field == "--part" }
        }
    }

    @Test func everyItemLandsInExactlyOneShard() {
        // Item k belongs to shard k mod N + 1: with N = 3, shard 2 holds 1 and 4 of 0...6.
        #expect((0..<7).filter { Shard(index: 2, count: 3).contains($0) } == [1, 4])
        let shards = (1...3).map { Shard(index: $0, count: 3) }
        #expect((0..<7).allSatisfy { k in shards.filter { $0.contains(k) }.count == 1 })
    }
}
