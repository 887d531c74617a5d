import Foundation
import Testing

@Suite struct DevicesCommandTests {
    @Test func listsEveryProfile() throws {
        let r = try EdgeProfCLI.run(["devices", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let ids = try #require(json["devices"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(Set(["iphone13", "iphone15pro", "galaxy-s24", "pixel8", "dimensity9300", "rpi5", "jetson-orin-nano"])
            .isSubset(of: Set(ids)))
        let table = try EdgeProfCLI.run(["devices"])
        #expect(table.status == 0 && table.stdout.contains("Apple A15 Bionic"))
    }

    @Test func showPrintsEveryFieldWithItsSource() throws {
        let a = try EdgeProfCLI.run(["devices", "show", "iphone13", "--format", "json"])
        let b = try EdgeProfCLI.run(["devices", "show", "iphone13", "--format", "json"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let profile = try #require(json["profile"] as? [String: Any])
        #expect(profile["soc"] as? String == "Apple A15 Bionic")
        let table = try EdgeProfCLI.run(["devices", "show", "rpi5"])
        #expect(table.stdout.contains("caches[1].ways") && table.stdout.contains("ThomasKaiser/sbc-bench"))
    }

    @Test(arguments: [
        (["devices", "show", "nokia3310"], "nokia3310"),
        (["devices", "show", "Tests/Fixtures/profiles/size-mismatch.json"], "caches[1].size"),
        (["devices", "--profiles-dir", "Tests/Fixtures/profiles"], "fraction-above-one.json"),
    ])
    func badInputExitsTwo(arguments: [String], field: String) throws {
        let r = try EdgeProfCLI.run(arguments)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(field))
    }
}
