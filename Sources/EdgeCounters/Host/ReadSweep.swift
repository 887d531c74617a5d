import EdgeRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Read bandwidth at one working-set size and thread count.
public struct BandwidthPoint: Equatable, Sendable, Encodable {
    /// Working set in bytes (all threads together; each reads its own 1/threads slice).
    public var bytes: Int
    public var threads: Int
    /// Best of the repeats, bytes read per second.
    public var bytesPerSecond: Double
}

/// The working-set sweep: each thread reads its slice of the working set end to end with SIMD loads, over and over,
/// so the slice is served by whichever level holds it; the best of `repeats` timings counts.
public final class ReadSweep: @unchecked Sendable {
    private let buffer: UnsafeMutableRawPointer
    private let capacity: Int
    private var slice = 0
    private var passes = 0
    private var sums: [Float]

    /// A sweep over working sets up to `maxBytes` (allocated and first touched here).
    public init(maxBytes: Int, threads: Int) {
        capacity = max(maxBytes, 4096) / 4096 * 4096
        var raw: UnsafeMutableRawPointer?
        if posix_memalign(&raw, 2 << 20, capacity) != 0 || raw == nil { raw = .allocate(byteCount: capacity, alignment: 4096) }
        buffer = raw!
        let floats = buffer.bindMemory(to: Float.self, capacity: capacity / 4)
        for i in 0..<capacity / 4 { floats[i] = Float(i & 1023) }
        sums = Array(repeating: 0, count: max(threads, 1) * 16)
    }

    deinit { free(buffer) }

    /// Working-set sizes: powers of two and the midpoints 1.5 × 2^k, from `from` to `to` bytes.
    public static func sizes(from: Int, to: Int) -> [Int] {
        var sizes: [Int] = []
        var size = from
        while size <= to {
            sizes.append(size)
            if size + size / 2 <= to { sizes.append(size + size / 2) }
            size *= 2
        }
        return sizes
    }

    /// Bandwidth of every size in `sizes` with `pool`'s threads; each timing reads about `bytesPerTiming` bytes and is
    /// taken on `clock` (the calling thread's CPU time by default: on a shared host, wall time also counts the time
    /// other processes held the core).
    public func measure(sizes: [Int], pool: ThreadPool, bytesPerTiming: Int = 256 << 20, repeats: Int = 3,
                        clock: OpClock = .threadCPU) -> [BandwidthPoint] {
        sizes.filter { $0 <= capacity }.map { size in
            slice = size / pool.count / 64 * 64
            passes = max(1, bytesPerTiming / max(size, 1))
            var best = Double.infinity
            for _ in 0..<repeats {
                let start = clock.now()
                pool.run(chunks: pool.count, { context, chunk, _ in
                    Unmanaged<ReadSweep>.fromOpaque(context).takeUnretainedValue().read(slot: chunk)
                }, context: Unmanaged.passUnretained(self).toOpaque())
                best = min(best, Double(clock.now() - start) / 1e9)
            }
            let bytes = Double(slice * pool.count * passes)
            return BandwidthPoint(bytes: size, threads: pool.count, bytesPerSecond: best > 0 ? bytes / best : 0)
        }
    }

    /// Thread `slot` reads its slice `passes` times (four SIMD16 accumulators, 256 B per iteration).
    private func read(slot: Int) {
        let base = buffer + slot * slice
        var a = SIMD16<Float>(), b = SIMD16<Float>(), c = SIMD16<Float>(), d = SIMD16<Float>()
        for _ in 0..<passes {
            var offset = 0
            while offset + 256 <= slice {
                a += base.load(fromByteOffset: offset, as: SIMD16<Float>.self)
                b += base.load(fromByteOffset: offset + 64, as: SIMD16<Float>.self)
                c += base.load(fromByteOffset: offset + 128, as: SIMD16<Float>.self)
                d += base.load(fromByteOffset: offset + 192, as: SIMD16<Float>.self)
                offset += 256
            }
        }
        sums[slot * 16] = (a + b + c + d).sum()
    }
}
