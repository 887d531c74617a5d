import Foundation
import Testing

@Suite struct WhatIfCommandTests {
    static let args = ["whatif", "--models", "mobilellm-125m,mobilellm-r1-140m", "--precisions", "f16,int4"]

    @Test func jsonIsByteIdenticalAcrossRuns() throws {
        let a = try EdgeProfCLI.run(Self.args + ["--format", "json"])
        let b = try EdgeProfCLI.run(Self.args + ["--format", "json"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let whatif = try #require(json["whatif"] as? [String: Any])
        #expect(whatif["budgetBytes"] as? Int == 400_000_000)
        #expect((whatif["candidates"] as? [Any])?.count == 4)
    }

    @Test func dramAndBudgetOverrideTheProfile() throws {
        let result = try EdgeProfCLI.run(Self.args + ["--dram", "6GB", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // 10% of 6 GB.
        #expect((json["whatif"] as? [String: Any])?["budgetBytes"] as? Int == 600_000_000)
        let share = try EdgeProfCLI.run(Self.args + ["--budget", "25%", "--format", "json"])
        let shareJSON = try #require(try JSONSerialization.jsonObject(with: Data(share.stdout.utf8)) as? [String: Any])
        #expect((shareJSON["whatif"] as? [String: Any])?["budgetBytes"] as? Int == 1_000_000_000)
    }

    @Test(arguments: [
        (["--budget", "12 parsecs"], "--budget"),
        (["--context", "0"], "--context"),
        (["--context", "4096"], "--context"),
        (["--device", "no-such-phone"], "no-such-phone"),
        (["--dram", "25%"], "--dram"),
        (["--precisions", "f12"], "--precisions"),
    ])
    func badInputExitsTwoNamingTheFlag(extra: [String], field: String) throws {
        let result = try EdgeProfCLI.run(Self.args + extra)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(field), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
