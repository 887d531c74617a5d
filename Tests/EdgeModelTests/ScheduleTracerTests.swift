import Testing
@testable import EdgeModel

@Suite struct ScheduleTracerTests {
    @Test func sharedBlocksReadTheSameWeightAddresses() {
        let tracer = ScheduleTracer(config: OpCountsTests.tiny, maxTokens: 4, kvCapacity: 32)
        let events = tracer.events(for: .decode(position: 2))
        let q = events.filter { $0.kind == .qProj }
        #expect(q.map(\.layer) == [0, 1, 2, 3])
        #expect(q.map(\.block) == [0, 0, 1, 1])
        let weightAddress = q.map { $0.reads.first { $0.region == .weight }!.address }
        #expect(weightAddress[0] == weightAddress[1])
        #expect(weightAddress[1] != weightAddress[2])
        // Each executed layer has its own KV cache.
        let kv = events.filter { $0.kind == .attention }.map { $0.reads[1].address }
        #expect(Set(kv).count == 4)
    }

    @Test func layoutIsPackedAndAligned() {
        let config = OpCountsTests.tiny
        let layout = VirtualLayout(config: config, maxTokens: 1, kvCapacity: 8)
        let embed = layout.address(of: .weight("token_embd.weight"))
        #expect(embed == layout.base)
        #expect(layout.address(of: .weight("blk.0.attn_norm.weight")) == embed + 512)
        for tensor in config.tensors { #expect(layout.address(of: .weight(tensor.name)) % 64 == 0) }
    }

    @Test func embeddingReadsTheTokensRows() {
        let tracer = ScheduleTracer(config: OpCountsTests.tiny, maxTokens: 4, kvCapacity: 32)
        let embed = tracer.events(for: .prefill(tokens: 2), tokens: [3, 7])[0]
        let base = tracer.layout.address(of: .weight("token_embd.weight"))
        #expect(embed.reads.dropFirst().map(\.address) == [base + 3 * 32, base + 7 * 32])
    }

    /// Decode steps traced by moving the previous step's events equal steps planned from scratch, forward, after a
    /// jump and back again; for shared blocks, for QK-norm and for a quantized model.
    @Test(arguments: ["tiny", "mobilellm-125m", "mobilellm-r1-140m", "mobilellm-ls-350m"])
    func movedDecodeEventsEqualPlannedOnes(name: String) {
        var config = name == "tiny" ? OpCountsTests.tiny : Presets.named(name)!
        if name == "mobilellm-ls-350m" { config = config.with(precision: .int8Blocked) }
        let tracer = ScheduleTracer(config: config, maxTokens: 4, kvCapacity: 32)
        var events: [OpEvent] = []
        for position in [5, 6, 7, 20, 3, 31] {
            let recorder = OpRecorder()
            tracer.traceDecode(position: position, events: &events, to: recorder)
            #expect(recorder.events == tracer.events(for: .decode(position: position)), "\(name) at \(position)")
        }
    }
}
