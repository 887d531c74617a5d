import EdgeModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something else to sample at every op boundary of a timed step (hardware/software counters per op kind).
public protocol OpSampler: AnyObject {
    /// Called as a step starts, before its first op.
    func stepWillStart()
    /// Called after each op with the index of its kind in `OpKind.ordered`.
    func opDidEnd(kind: Int)
}

/// Which clock an `OpTimer` reads.
public enum OpClock: Sendable {
    /// CLOCK_MONOTONIC: wall time, including time the OS gave the core to other processes.
    case monotonic
    /// CLOCK_THREAD_CPUTIME_ID: the calling thread's CPU time (time it actually ran), for shared, oversubscribed hosts.
    case threadCPU

    /// The clock's reading in nanoseconds.
    @inline(__always)
    public func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(self == .monotonic ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

/// Times every op of the forward pass (monotonic clock by default): nanoseconds and op count per kind and per
/// executed layer. Attach it as `ModelRuntime.opTimer`; without it the runtime reads no clock.
///
/// The q, k and v projections run as one fused matmul group, so their time is recorded under `.qProj` (kProj and
/// vProj stay at 0); likewise gate and up are one op (`.gateUp`). Time between two ops (the residual bookkeeping,
/// an observer's work) lands in the following op. Recording allocates nothing.
public final class OpTimer {
    /// Nanoseconds per kind, indexed by `OpKind.index`.
    public private(set) var nanoseconds: [UInt64]
    /// Ops timed per kind.
    public private(set) var counts: [Int]
    /// Nanoseconds per executed layer (the ops with a layer).
    public private(set) var layerNanoseconds: [UInt64]
    /// Optional second sampler called at the same boundaries (nil: none).
    public var sampler: (any OpSampler)?
    private var last: UInt64 = 0
    /// The clock read at each op boundary.
    public let clock: OpClock

    /// A timer for a model with `executedLayers` layers.
    public init(executedLayers: Int, clock: OpClock = .monotonic) {
        self.clock = clock
        nanoseconds = Array(repeating: 0, count: OpKind.ordered.count)
        counts = Array(repeating: 0, count: OpKind.ordered.count)
        layerNanoseconds = Array(repeating: 0, count: max(executedLayers, 0))
    }

    /// Zeroes every total.
    public func reset() {
        for i in nanoseconds.indices { nanoseconds[i] = 0; counts[i] = 0 }
        for i in layerNanoseconds.indices { layerNanoseconds[i] = 0 }
    }

    /// Total nanoseconds over all kinds.
    public var total: UInt64 { nanoseconds.reduce(0, &+) }

    /// The monotonic clock in nanoseconds.
    @inline(__always)
    public static func now() -> UInt64 { OpClock.monotonic.now() }

    @inline(__always)
    func stepWillStart() {
        sampler?.stepWillStart()
        last = clock.now()
    }

    @inline(__always)
    func opDidEnd(_ kind: OpKind, layer: Int?) {
        let now = clock.now()
        let elapsed = now &- last
        let index = kind.index
        nanoseconds[index] &+= elapsed
        counts[index] += 1
        if let layer, layer < layerNanoseconds.count { layerNanoseconds[layer] &+= elapsed }
        if let sampler {
            sampler.opDidEnd(kind: index)
            last = clock.now()
        } else {
            last = now
        }
    }
}
