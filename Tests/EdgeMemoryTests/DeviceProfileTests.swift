import EdgeModel
import Foundation
import Testing
@testable import EdgeMemory

struct DeviceProfileTests {
    static let requiredIDs = ["dimensity9300", "galaxy-s24", "iphone13", "iphone15pro", "jetson-orin-nano", "pixel8", "rpi5"]

    @Test func shippedProfilesLoadAndValidate() throws {
        let profiles = try ProfileLocator(explicitDirectory: Fixtures.profiles.path).loadAll()
        #expect(Set(Self.requiredIDs).isSubset(of: Set(profiles.map(\.id))))
        for profile in profiles {
            #expect(profile.compute.model != nil)
            #expect(profile.compute.model?.peakOpsPerSecond(.f32) != nil, "\(profile.id) lists an f32 peak")
            let hierarchy = try CacheHierarchy(profile: profile)
            #expect(hierarchy.levels.count == profile.caches.count)
        }
    }

    /// A misspelt optional key (`note` for `notes`) or any extra key would otherwise be ignored silently.
    @Test func unknownFieldsAreRejectedWithTheirPath() throws {
        let url = Fixtures.profiles.appendingPathComponent("iphone13.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        func inserting(_ field: String, before key: String) -> Data {
            guard let range = text.range(of: "\"\(key)\"") else { return Data() }
            return Data(text.replacingCharacters(in: range, with: "\"\(field)\": 1, \"\(key)\"").utf8)
        }
        for (data, path) in [(inserting("note", before: "schemaVersion"), "note"),
                             (inserting("capacityGB", before: "capacity"), "dram.capacityGB"),
                             (inserting("shared", before: "sharedBy"), "caches[0].shared")] {
            #expect(throws: InputError(file: "x.json", field: path, "unknown field (see DeviceProfiles/README.md)")) {
                try DeviceProfile.decode(data, file: "x.json")
            }
        }
    }

    @Test func iphone13FiguresConvert() throws {
        let p = try ProfileLocator(explicitDirectory: Fixtures.profiles.path).load("iphone13")
        #expect(p.caches.map(\.name) == ["L1D", "L2", "SLC"])
        #expect(p.caches[1].size.base == 12 * 1_048_576)
        #expect(CacheLevelConfig(p.caches[1]) == CacheLevelConfig(name: "L2", sets: 8192, ways: 12, lineSize: 128))
        #expect(p.caches[2].inclusion == .memorySide)
        #expect(p.dram.capacity.base == 4e9)
        #expect(abs(p.dram.achievableBytesPerSecond - 34.1e9 * 0.8) < 1)
        #expect(p.compute.model?.peakOpsPerSecond(.int8Blocked) == 814e9)
        #expect(p.dram.energy.kind == .estimate)
    }

    static let invalid: [(file: String, field: String)] = [
        ("missing-field.json", "dram.latency"),
        ("negative-size.json", "caches[1].size.value"),
        ("size-mismatch.json", "caches[1].size"),
        ("line-not-power-of-two.json", "caches[0].lineSize"),
        ("unknown-unit.json", "caches[2].latency.unit"),
        ("unknown-kind.json", "flash.readBandwidth.kind"),
        ("wrong-dimension.json", "caches[0].bandwidth.unit"),
        ("unknown-model-unit.json", "compute.modelUnit"),
        ("fraction-above-one.json", "dram.achievableFraction.value"),
    ]

    @Test("invalid profile names file and field", arguments: invalid)
    func invalidProfile(_ file: String, _ field: String) throws {
        let url = Fixtures.url("profiles/" + file)
        let error = try #require(throws: InputError.self) { try DeviceProfile.load(from: url) }
        #expect(error.file == url.path)
        #expect(error.field == field)
        #expect(error.exitCode == 2)
    }

    @Test func validCraftedProfileLoads() throws {
        let p = try DeviceProfile.load(from: Fixtures.url("profiles/valid.json"))
        #expect(p.id == "valid")
        #expect(p.caches[1].inclusion == .inclusive)
    }

    /// `dram.kernelReadBandwidth`: a bandwidth per known precision key; round-trips through the file format (the
    /// unknown-field check knows it); a wrong unit, a zero or an unknown key is an InputError naming the field.
    @Test func kernelReadBandwidthIsValidated() throws {
        var p = try ProfileLocator(explicitDirectory: Fixtures.profiles.path).load("iphone13")
        p.dram.kernelReadBandwidth = ["int8": Quantity(8, .GBps, .measured, source: "test")]
        #expect(try DeviceProfile.decode(JSONEncoder().encode(p), file: "x.json") == p)
        for (table, field) in [(["int8": Quantity(8, .GFLOPs, .measured, source: "t")], "dram.kernelReadBandwidth.int8.unit"),
                               (["int8": Quantity(0, .GBps, .measured, source: "t")], "dram.kernelReadBandwidth.int8.value"),
                               (["int3": Quantity(8, .GBps, .measured, source: "t")], "dram.kernelReadBandwidth.int3")] {
            p.dram.kernelReadBandwidth = table
            let error = try #require(throws: InputError.self) { try p.validate(file: "x.json") }
            #expect(error.field == field)
            #expect(error.file == "x.json")
        }
    }

    /// `dram.kernelReuseBandwidth` and `kernelReuseDistance`: a bandwidth and a size per known precision key, each
    /// with the other; round-trips; a wrong unit, an unknown key or either without the other names the field.
    @Test func kernelReuseIsValidated() throws {
        var p = try ProfileLocator(explicitDirectory: Fixtures.profiles.path).load("iphone13")
        let rate = ["int8": Quantity(20, .GBps, .measured, source: "t")], block = ["int8": Quantity(4, .MiB, .measured, source: "t")]
        p.dram.kernelReuseBandwidth = rate
        p.dram.kernelReuseDistance = block
        try p.validate(file: "x.json")
        #expect(try DeviceProfile.decode(JSONEncoder().encode(p), file: "x.json") == p)
        for (reuse, distance, field) in [
            (rate, nil, "dram.kernelReuseDistance.int8"), (nil, block, "dram.kernelReuseDistance.int8"),
            (["int8": Quantity(20, .MiB, .measured, source: "t")], block, "dram.kernelReuseBandwidth.int8.unit"),
            (rate, ["int8": Quantity(4, .GBps, .measured, source: "t")], "dram.kernelReuseDistance.int8.unit"),
            (["int3": Quantity(20, .GBps, .measured, source: "t")], block, "dram.kernelReuseBandwidth.int3"),
        ] as [([String: Quantity]?, [String: Quantity]?, String)] {
            p.dram.kernelReuseBandwidth = reuse
            p.dram.kernelReuseDistance = distance
            let error = try #require(throws: InputError.self) { try p.validate(file: "x.json") }
            #expect(error.field == field)
        }
    }

    /// `caches[].retention`: two sizes, the second above the first; round-trips (the unknown-field check knows it);
    /// a wrong unit or a fall that does not go up is an InputError naming the field.
    @Test func retentionIsValidated() throws {
        var p = try ProfileLocator(explicitDirectory: Fixtures.profiles.path).load("iphone13")
        p.caches[2].retention = RetentionSpec(fullUpTo: Quantity(4, .MiB, .measured, source: "t"),
                                              noneFrom: Quantity(24, .MiB, .measured, source: "t"))
        #expect(try DeviceProfile.decode(JSONEncoder().encode(p), file: "x.json") == p)
        #expect(CacheLevelConfig(p.caches[2]).retention == (4 << 20)...(24 << 20))
        for (retention, field) in [(RetentionSpec(fullUpTo: Quantity(4, .GBps, .measured, source: "t"),
                                                  noneFrom: Quantity(24, .MiB, .measured, source: "t")), "caches[2].retention.fullUpTo.unit"),
                                   (RetentionSpec(fullUpTo: Quantity(4, .MiB, .measured, source: "t"),
                                                  noneFrom: Quantity(4, .MiB, .measured, source: "t")), "caches[2].retention.noneFrom")] {
            p.caches[2].retention = retention
            let error = try #require(throws: InputError.self) { try p.validate(file: "x.json") }
            #expect(error.field == field)
        }
    }

    @Test func profileRoundTripsThroughJSON() throws {
        let p = try DeviceProfile.load(from: Fixtures.profiles.appendingPathComponent("rpi5.json"))
        let data = try JSONEncoder().encode(p)
        #expect(try DeviceProfile.decode(data, file: "<memory>") == p)
    }
}
