/// Emits a forward pass's op events without computing anything, for models of any size.
///
/// The events equal the runtime's for the same config, step and tokens, at virtual addresses
/// (`VirtualLayout`) instead of real ones.
public struct ScheduleTracer: Sendable {
    public let plan: ForwardPlan
    public let layout: VirtualLayout

    /// A tracer whose layout holds steps of up to `maxTokens` tokens and `kvCapacity` cached positions.
    public init(config: ModelConfig, maxTokens: Int, kvCapacity: Int, allLogits: Bool = false) {
        plan = ForwardPlan(config: config, allLogits: allLogits)
        layout = VirtualLayout(config: config, maxTokens: maxTokens, kvCapacity: kvCapacity)
    }

    /// The events of `step`, in order. Without `tokens`, a fixed deterministic token sequence is used.
    public func events(for step: Step, tokens: [Int32]? = nil) -> [OpEvent] {
        let ids = tokens ?? Self.syntheticTokens(count: step.tokens, start: step.start, vocab: plan.config.vocab)
        var events: [OpEvent] = []
        plan.forEachEvent(for: step, tokens: ids, in: layout) { events.append($0) }
        return events
    }

    /// Sends the events of `step` to `observer`, in order.
    public func trace(_ step: Step, tokens: [Int32]? = nil, to observer: OpObserver) {
        let ids = tokens ?? Self.syntheticTokens(count: step.tokens, start: step.start, vocab: plan.config.vocab)
        plan.forEachEvent(for: step, tokens: ids, in: layout) { observer.record($0) }
    }

    /// Sends the events of the decode step at `position` (synthetic token) to `observer`. `events` carries the
    /// previous decode step's events from call to call (start with an empty array): they are moved to the new
    /// position (`ForwardPlan.moveDecodeEvents`) instead of planned again.
    public func traceDecode(position: Int, events: inout [OpEvent], to observer: OpObserver) {
        let token = Self.syntheticToken(position: position, vocab: plan.config.vocab)
        if events.isEmpty {
            events = self.events(for: .decode(position: position), tokens: [token])
        } else {
            plan.moveDecodeEvents(&events, to: position, token: token, in: layout)
        }
        events.withUnsafeBufferPointer { events in   // each event lent, not copied
            for i in events.indices { observer.record(events[i]) }
        }
    }

    /// Deterministic stand-in token ids (a multiplicative hash of the position), spread over the vocabulary.
    public static func syntheticTokens(count: Int, start: Int, vocab: Int) -> [Int32] {
        (start..<start + count).map { syntheticToken(position: $0, vocab: vocab) }
    }

    /// The stand-in token id at `position` (`syntheticTokens`' element for it), without an array.
    public static func syntheticToken(position: Int, vocab: Int) -> Int32 {
        Int32(truncatingIfNeeded: ((position &* 2_654_435_761) >> 7) % vocab)
    }
}
