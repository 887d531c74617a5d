/// A fixed workload timed after every measured decode step: a SIMD sum over a buffer as large as the model's
/// weights (at most `maxBytes`), streamed like a decode step streams its weights. It uses none of EdgeProf's
/// runtime code, so a change to the runtime does not move it, while whatever slows the whole machine at that moment
/// (other processes' cache and memory traffic, a busier host, a lower clock) slows both; `gate` compares decode
/// speed relative to it (`MetricCatalog.decodeVsReference`).
final class ReferenceLoop {
    /// Largest buffer streamed (bounds the memory and time added to a measured run).
    static let maxBytes = 64 << 20
    private let values: UnsafeMutableBufferPointer<SIMD16<Float>>
    /// Accumulated sums, kept so the loop is not optimized away.
    private(set) var sink: Float = 0

    /// A buffer of `bytes` (clamped to 1 KiB...`maxBytes`), filled with fixed values.
    init(bytes: Int) {
        let count = min(max(bytes, 1 << 10), Self.maxBytes) / MemoryLayout<SIMD16<Float>>.stride
        values = .allocate(capacity: count)
        for i in 0..<count { values[i] = SIMD16(repeating: Float(i & 1023)) }
    }

    deinit { values.deallocate() }

    /// Streams the buffer once.
    func run() {
        var a = SIMD16<Float>(), b = SIMD16<Float>()
        var i = 0
        while i + 1 < values.count {
            a += values[i]
            b += values[i + 1]
            i += 2
        }
        sink += (a + b).sum()
    }
}
