import Foundation
import Testing

@Suite struct SimulateCommandTests {
    @Test func defaultsCompareEveryStrategyAsStableJSON() throws {
        let a = try EdgeProfCLI.run(["simulate", "--tokens", "2", "--prompt", "8", "--format", "json"])
        let b = try EdgeProfCLI.run(["simulate", "--tokens", "2", "--prompt", "8", "--format", "json"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let reports = try #require(json["reports"] as? [[String: Any]])
        #expect(reports.map { $0["sharing"] as? String } == ["none", "immediate", "repeat-all-over", "reverse"])
        #expect(reports.map { $0["executedLayers"] as? Int } == [30, 60, 60, 60])
    }

    @Test(arguments: [
        (["simulate", "--device", "no-such-phone"], "device"),
        (["simulate", "--prompt", "0"], "--prompt"),
        (["simulate", "--tokens", "5000"], "--tokens"),
        (["simulate", "--strategy", "zigzag"], "--strategy"),
    ])
    func badInputExitsTwo(arguments: [String], field: String) throws {
        let result = try EdgeProfCLI.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(field))
    }
}
