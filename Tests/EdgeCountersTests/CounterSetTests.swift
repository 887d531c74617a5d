import EdgeCounters
import EdgeModel
import EdgeRuntime
import Testing

@Suite struct CounterSetTests {
    let cycles = CounterEvent(name: "cycles", libraryName: "PAPI_TOT_CYC")
    let l1 = CounterEvent(name: "L1D-misses", libraryName: "PAPI_L1_DCM")
    let clock = CounterEvent(name: "task-clock", libraryName: "perf::TASK-CLOCK", unit: "ns")

    @Test func valuesArePhaseDifferences() {
        let library = FakeCounterLibrary(steps: ["PAPI_TOT_CYC": 100, "perf::TASK-CLOCK": 7])
        let set = CounterSet(library: library, events: [cycles, clock])
        let phases = CounterPhases(set: set, phases: ["prefill", "decode"])
        // Reads 1/2 bracket prefill (100 cycles, 7 ns); reads 3/4 and 5/6 are two decode steps (2 × 100, 2 × 7).
        phases.begin(); phases.end(0)
        phases.begin(); phases.end(1)
        phases.begin(); phases.end(1)
        let report = phases.report()
        #expect(report.map(\.occurrences) == [1, 2])
        #expect(report[0].counters.map(\.value) == [100, 7])
        #expect(report[1].counters.map(\.value) == [200, 14])
        #expect(report[1].counters.allSatisfy { $0.reason == nil })
        #expect(!set.multiplexed)
    }

    @Test func anEventThatFailsToAddIsUnavailableWithTheReasonNotZero() {
        let library = FakeCounterLibrary(steps: ["perf::TASK-CLOCK": 5])
        let set = CounterSet(library: library, events: [cycles, clock])
        #expect(set.statuses == [.unavailable(reason: "PAPI_add_named_event(PAPI_TOT_CYC): Event does not exist"),
                                 .counting(slot: 0)])
        let phases = CounterPhases(set: set, phases: ["load"])
        phases.begin(); phases.end(0)
        let values = phases.report()[0].counters
        #expect(values[0].value == nil)
        #expect(values[0].reason == "PAPI_add_named_event(PAPI_TOT_CYC): Event does not exist")
        #expect(values[1].value == 5)
    }

    @Test func moreHardwareEventsThanSlotsAreMultiplexed() {
        // Two hardware events, one slot: multiplexed. The software event takes no slot.
        let library = FakeCounterLibrary(slots: 1, steps: ["PAPI_TOT_CYC": 1, "PAPI_L1_DCM": 1, "perf::TASK-CLOCK": 1])
        #expect(CounterSet(library: library, events: [cycles, l1, clock]).multiplexed)
        #expect(library.multiplexedSets == 1)
        #expect(!CounterSet(library: library, events: [cycles, clock]).multiplexed)
        #expect(library.multiplexedSets == 1)
    }

    @Test func libraryInitFailureTurnsEveryEventOffWithOneReason() {
        let failure = CounterError(code: -16, reason: "PAPI_library_init failed: PAPI hasn't been initialized yet")
        let opened = CounterAccess.open(environment: [:]) { .failure(failure) }
        let set = CounterAccess.counterSet(opened, events: [cycles, clock])
        #expect(set.countingCount == 0)
        #expect(set.statuses.map(\.reason) == [failure.reason, failure.reason])
        let failing = FakeCounterLibrary(steps: ["PAPI_TOT_CYC": 1], failure: failure)
        #expect(CounterSet(library: failing, events: [cycles]).statuses == [.unavailable(reason: failure.reason)])
    }

    @Test func theEnvironmentSwitchTurnsCountersOff() {
        var asked = false
        let opened = CounterAccess.open(environment: ["EDGEPROF_COUNTERS": "off"]) {
            asked = true
            return .success(FakeCounterLibrary(steps: [:]))
        }
        #expect(!asked)
        guard case .failure(let error) = opened else { Issue.record("counters should be off"); return }
        #expect(error.reason == "counters off (EDGEPROF_COUNTERS=off)")
    }

    @Test func parsesCounterLists() {
        #expect(CounterEvent.parse("none") == [])
        #expect(CounterEvent.parse("default")?.count == 8)
        #expect(CounterEvent.parse("cycles,perf::MINOR-FAULTS,cycles")
                == [cycles, CounterEvent(name: "perf::MINOR-FAULTS", libraryName: "perf::MINOR-FAULTS")])
        #expect(CounterEvent.parse("cycles,,l1") == nil)
        #expect(CounterEvent.parse("a b") == nil)
    }

    @Test func perOpSamplerSumsOpsUnderTheirKind() {
        let library = FakeCounterLibrary(steps: ["PAPI_TOT_CYC": 10])
        let sampler = OpCounterSampler(set: CounterSet(library: library, events: [cycles]))
        // One read at the step start, one per op: each op sees one step of 10.
        sampler.stepWillStart()
        sampler.opDidEnd(kind: OpKind.embed.index)
        sampler.opDidEnd(kind: OpKind.attnNorm.index)
        sampler.opDidEnd(kind: OpKind.attnNorm.index)
        let report = sampler.report()
        #expect(report.map(\.phase) == ["embed", "attnNorm"])
        #expect(report.map { $0.counters[0].value } == [10, 20])
    }
}

@Suite struct FallbackCounterTests {
    @Test func eventsThePrimaryRefusesComeFromTheFallbackInAddOrder() throws {
        // Primary counts cycles (+100 per read); fallback counts task-clock (+3); neither knows PAPI_L2_DCM.
        let library = FallbackCounterLibrary(primary: FakeCounterLibrary(steps: ["PAPI_TOT_CYC": 100]),
                                             fallback: FakeCounterLibrary(steps: ["perf::TASK-CLOCK": 3]),
                                             primaryNote: "component disabled")
        let events = [CounterEvent(name: "task-clock", libraryName: "perf::TASK-CLOCK"),
                      CounterEvent(name: "L2", libraryName: "PAPI_L2_DCM"),
                      CounterEvent(name: "cycles", libraryName: "PAPI_TOT_CYC")]
        let set = CounterSet(library: library, events: events)
        #expect(set.statuses[0] == .counting(slot: 0))
        #expect(set.statuses[1] == .unavailable(reason: "PAPI_add_named_event(PAPI_L2_DCM): Event does not exist "
                                                + "(component disabled); PAPI_add_named_event(PAPI_L2_DCM): Event does not exist"))
        #expect(set.statuses[2] == .counting(slot: 1))
        let phases = CounterPhases(set: set, phases: ["decode"])
        phases.begin(); phases.end(0)
        #expect(phases.report()[0].counters.map(\.value) == [3, nil, 100])
    }
}
