/// The kinds of op a forward pass executes, in the order of `ForwardPlan` (see its documentation).
public enum OpKind: String, Codable, CaseIterable, Sendable {
    case embed, attnNorm, qProj, kProj, vProj, rope, attention, outProj, ffnNorm, gateUp, down, outputNorm, logits

    /// Every kind, in execution order, built once (`allCases` makes a new array per call).
    public static let ordered = allCases

    /// The kind's position in `ordered`, for per-kind tables (a switch: it is read once per simulated op).
    public var index: Int {
        switch self {
        case .embed: 0
        case .attnNorm: 1
        case .qProj: 2
        case .kProj: 3
        case .vProj: 4
        case .rope: 5
        case .attention: 6
        case .outProj: 7
        case .ffnNorm: 8
        case .gateUp: 9
        case .down: 10
        case .outputNorm: 11
        case .logits: 12
        }
    }

    /// True for the products of a weight matrix and the activations (the matmul kernels at the weights' precision).
    public var multipliesWeights: Bool {
        switch self {
        case .qProj, .kProj, .vProj, .outProj, .gateUp, .down, .logits: true
        case .embed, .attnNorm, .rope, .attention, .ffnNorm, .outputNorm: false
        }
    }
}

/// What a range of memory holds; lets a memory model report traffic by kind.
public enum MemoryRegion: String, Codable, CaseIterable, Sendable {
    case weight, kvCache, activation
}

/// A contiguous range of bytes an op reads or writes.
public struct MemoryRange: Hashable, Codable, Sendable {
    /// First byte, length and what the range holds.
    public var address: UInt64
    public var bytes: Int
    public var region: MemoryRegion

    public init(address: UInt64, bytes: Int, region: MemoryRegion) {
        self.address = address
        self.bytes = bytes
        self.region = region
    }
}

/// One executed op: what it is, where it runs in the schedule, the memory it touches and its arithmetic.
///
/// The runtime (real addresses) and the schedule tracer (virtual addresses) produce identical sequences
/// of events for the same config and step, apart from the addresses.
public struct OpEvent: Hashable, Codable, Sendable {
    /// What the op computes.
    public var kind: OpKind
    /// Executed layer (0-based), nil for the embedding and the output head.
    public var layer: Int?
    /// Physical block whose weights the op uses, nil outside the blocks.
    public var block: Int?
    /// Memory read and written, in the order the op touches it.
    public var reads: [MemoryRange]
    public var writes: [MemoryRange]
    /// Arithmetic operations (ForwardPlan's conventions).
    public var flops: Int
    /// Token rows the op computes (1 for every op of a decode step and for the prefill's last-token logits): a
    /// matmul over one row is a matrix-vector product, which a device runs at its own, lower rate.
    public var tokens: Int

    public init(kind: OpKind, layer: Int?, block: Int?, reads: [MemoryRange], writes: [MemoryRange], flops: Int,
                tokens: Int = 1) {
        self.kind = kind
        self.layer = layer
        self.block = block
        self.reads = reads
        self.writes = writes
        self.flops = flops
        self.tokens = tokens
    }

    /// Bytes read, all ranges.
    public var bytesRead: Int { reads.reduce(0) { $0 + $1.bytes } }
    /// Bytes written, all ranges.
    public var bytesWritten: Int { writes.reduce(0) { $0 + $1.bytes } }
}

/// Receives op events as a forward pass (or the tracer) runs.
public protocol OpObserver: AnyObject {
    /// Called once per op, after it ran, in execution order.
    func record(_ event: OpEvent)
}

/// An observer that keeps every event, for tests and small traces.
public final class OpRecorder: OpObserver {
    /// Every event so far, in order.
    public private(set) var events: [OpEvent] = []
    public init() {}
    public func record(_ event: OpEvent) { events.append(event) }
}
