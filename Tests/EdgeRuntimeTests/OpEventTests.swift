import EdgeModel
import Testing
@testable import EdgeRuntime

/// The runtime reports the same op sequence as the schedule tracer, at its own addresses.
struct OpEventTests {
    static func comparable(_ events: [OpEvent]) -> [String] {
        events.map { e in
            "\(e.kind) \(e.layer ?? -1) \(e.block ?? -1) r\(e.reads.map { "\($0.region):\($0.bytes)" }) "
                + "w\(e.writes.map { "\($0.region):\($0.bytes)" }) f\(e.flops)"
        }
    }

    @Test(arguments: [Precision.f32, .int8Blocked, .int4Blocked])
    func runtimeEventsEqualTracerEvents(precision: Precision) throws {
        let config = TestModels.tiny(sharing: .reverse, repeats: 2, precision: precision, kvPrecision: .f16)
        let runtime = try ModelRuntime(source: try RandomWeights(config: config), options: RuntimeOptions(maxPositions: 16))
        let recorder = OpRecorder()
        runtime.observer = recorder
        let prompt = TestModels.prompt
        try runtime.prefill(prompt)
        let prefillCount = recorder.events.count
        try runtime.decode(5)
        let tracer = ScheduleTracer(config: runtime.config, maxTokens: 16, kvCapacity: 16)
        let expected = tracer.events(for: .prefill(tokens: prompt.count), tokens: prompt)
            + tracer.events(for: .decode(position: prompt.count), tokens: [5])
        #expect(prefillCount == 1 + 4 * 10 + 2)
        #expect(Self.comparable(recorder.events) == Self.comparable(expected))
    }

    @Test func eventsCarryTheRuntimesRealAddresses() throws {
        let config = TestModels.tiny(sharing: .immediate, repeats: 2)
        let runtime = try ModelRuntime(source: try RandomWeights(config: config))
        let recorder = OpRecorder()
        runtime.observer = recorder
        try runtime.prefill([1, 2])
        let qProj = recorder.events.filter { $0.kind == .qProj }
        // Layers 0 and 1 share block 0: the same weight address; layer 2 runs block 1 elsewhere.
        #expect(qProj[0].reads[1].address == qProj[1].reads[1].address)
        #expect(qProj[0].reads[1].address != qProj[2].reads[1].address)
        #expect(qProj[0].reads[1].address == UInt64(UInt(bitPattern: runtime.blocks[0].q.base)))
        let vProj = recorder.events.filter { $0.kind == .vProj }
        #expect(vProj[0].writes[0].address == UInt64(UInt(bitPattern: runtime.vCaches[0].raw)))
        #expect(vProj[1].writes[0].address == UInt64(UInt(bitPattern: runtime.vCaches[1].raw)))
    }

    @Test func allLogitsPlanForEveryPosition() throws {
        let runtime = try ModelRuntime(source: try RandomWeights(config: TestModels.tiny()))
        let recorder = OpRecorder()
        runtime.observer = recorder
        _ = try runtime.logits(tokens: [1, 2, 3])
        let logits = try #require(recorder.events.last)
        #expect(logits.kind == .logits)
        #expect(logits.writes[0].bytes == 3 * 50 * 4)
    }
}
