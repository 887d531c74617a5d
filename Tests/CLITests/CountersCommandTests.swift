import Foundation
import Testing

@Suite struct CountersCommandTests {
    /// Every listed event is either available or carries a reason; JSON has `reason: null` for available ones.
    @Test func listsEveryEventWithAvailabilityOrReason() throws {
        let result = try EdgeProfCLI.run(["counters", "--format", "json"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let events = (json?["counters"] as? [String: Any])?["events"] as? [[String: Any]] ?? []
        #expect(events.count == 15)
        for event in events {
            let available = event["available"] as? Bool ?? false
            #expect(available == (event["reason"] is NSNull), "\(event)")
        }
    }

    @Test func theEnvironmentSwitchTurnsCountersOffAndTheRunGoesOn() throws {
        let result = try EdgeProfCLI.run(["run", "--model", try RunCommandTests.tinyConfig(), "--prompt-length", "2", "--tokens", "2",
                                          "--counters", "task-clock,cycles", "--format", "json"],
                                         environment: ["EDGEPROF_COUNTERS": "off"])
        #expect(result.status == 0)
        #expect(result.stderr == "edgeprof: counters off (EDGEPROF_COUNTERS=off); counters off, the run goes on\n")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let phases = ((json?["measured"] as? [String: Any])?["counters"] as? [String: Any])?["phases"] as? [[String: Any]]
        #expect(phases?.map { $0["phase"] as? String } == ["load", "init", "prefill", "decode"])
        for phase in phases ?? [] {
            for counter in phase["counters"] as? [[String: Any]] ?? [] {
                #expect(counter["value"] is NSNull)
                #expect(counter["reason"] as? String == "counters off (EDGEPROF_COUNTERS=off)")
            }
        }
    }

    /// Where the kernel counts task-clock, every phase has a positive count; otherwise it is null with a reason.
    @Test func runCountsTaskClockPerPhaseOrSaysWhyNot() throws {
        let result = try EdgeProfCLI.run(["run", "--model", try RunCommandTests.tinyConfig(), "--prompt-length", "2", "--tokens", "3",
                                          "--counters", "task-clock", "--op-timing", "kinds", "--format", "json"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let measured = json?["measured"] as? [String: Any]
        let phases = (measured?["counters"] as? [String: Any])?["phases"] as? [[String: Any]] ?? []
        #expect(phases.map { $0["occurrences"] as? Int } == [1, 1, 1, 2])
        for phase in phases {
            let counter = (phase["counters"] as? [[String: Any]])?.first
            if let value = counter?["value"] as? Int {
                #expect(value > 0)
            } else {
                #expect((counter?["reason"] as? String)?.isEmpty == false)
            }
        }
        let decode = ((measured?["opTiming"] as? [String: Any])?["decode"] as? [String: Any])
        let kinds = (decode?["perKind"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["embed", "attnNorm", "qkvProj", "rope", "attention", "outProj", "ffnNorm", "gateUp", "down",
                          "outputNorm", "logits"])
    }
}
