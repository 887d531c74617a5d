import Foundation
import Testing

@Suite struct CompareCommandTests {
    static func rows(_ arguments: [String]) throws -> (text: String, rows: [[String: Any]]) {
        let result = try EdgeProfCLI.run(["compare", "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let compare = try #require(json["compare"] as? [String: Any])
        return (result.stdout, try #require(compare["rows"] as? [[String: Any]]))
    }

    @Test func sharingAgainstUnsharedOnIPhone13() throws {
        let (text, rows) = try Self.rows(["--model", "mobilellm-125m", "--device", "iphone13"])
        #expect(try Self.rows(["--model", "mobilellm-125m", "--device", "iphone13"]).text == text)  // byte-identical
        func dram(_ variant: String) throws -> Double {
            try #require(rows.first { $0["variant"] as? String == variant }?["dramBytesPerDecodeToken"] as? Double)
        }
        #expect(rows.map { $0["variant"] as? String } == ["none ×1", "immediate ×2", "repeat-all-over ×2", "reverse ×2",
                                                          "none, 60 layers"])
        // Immediate sharing re-reads each block while it is still in L2: about the unshared model's DRAM traffic.
        #expect(abs(try dram("immediate ×2") / dram("none ×1") - 1) < 0.05)
        // Repeat-all-over re-reads each block after all the others: like 60 independent layers.
        #expect(abs(try dram("repeat-all-over ×2") / dram("none, 60 layers") - 1) < 0.05)
        let immediate = try #require(rows.first { $0["variant"] as? String == "immediate ×2" })
        let quoted = try #require(immediate["quotedAccuracy"] as? [String: Any])
        #expect(quoted["value"] as? Double == 45.0)  // MobileLLM Table 2, 125M immediate
        #expect((quoted["source"] as? String)?.hasPrefix("quoted:") == true)
        #expect(rows.first { $0["variant"] as? String == "reverse ×2" }?["quotedAccuracy"] == nil)
        let deep = try #require(rows.last)
        #expect(deep["executedLayers"] as? Int == 60 && deep["blocks"] as? Int == 60)
    }

    @Test func shardsPartitionTheRows() throws {
        let args = ["--device", "iphone13,rpi5", "--repeats", "2"]
        let all = try Self.rows(args).rows.map { "\($0["device"]!)|\($0["variant"]!)" }
        let first = try Self.rows(args + ["--shard", "1/2"]).rows.map { "\($0["device"]!)|\($0["variant"]!)" }
        let second = try Self.rows(args + ["--shard", "2/2"]).rows.map { "\($0["device"]!)|\($0["variant"]!)" }
        #expect(all.count == 10)
        #expect(Set(first).isDisjoint(with: second) && Set(first).union(second) == Set(all))
    }

    @Test(arguments: [
        (["--repeats", "5"], "--repeats"),
        (["--repeats", "1"], "--repeats"),
        (["--shard", "3/2"], "--shard"),
        (["--device", "no-such-phone"], "no-such-phone"),
        (["--precision", "f12"], "--precision"),
    ])
    func badInputExitsTwoNamingTheFlag(extra: [String], field: String) throws {
        let result = try EdgeProfCLI.run(["compare", "--device", "iphone13"] + extra)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(field), "\(result.stderr)")
    }
}
