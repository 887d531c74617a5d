import EdgeKernels
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

/// The working-set sweep: each thread reads its slice of the working set end to end with the widest loads of the
/// active kernel path (`ek_read_sum`: 64-byte loads on AVX-512), over and over, so the slice is served by whichever
/// level holds it; the best of `repeats` timings counts. The buffer asks for transparent huge pages, as the
/// runtime's weights do.
///
/// A timing is the longest of the threads' own CPU times for their reads (each thread reads its
/// CLOCK_THREAD_CPUTIME_ID around its slice): right by construction with any thread count — the process CPU
/// clock misses a partner thread's time since its last scheduler tick, which on a timing of a few milliseconds is
/// most of it — and, on a shared host, free of the time other processes held the cores. The threads meet at a
/// barrier before they start, so every slice is read by its own thread and the reads overlap (a shared level
/// serves them together, as it serves a parallel op).
public final class ReadSweep: @unchecked Sendable {
    private let buffer: UnsafeMutableRawPointer
    private let capacity: Int
    private let kernel = ek_read_sum()
    private var slice = 0
    private var passes = 0
    /// Byte offset of the block the threads read (the reused-once measurement moves it to cold data).
    private var offset = 0
    /// Whether each slot reads its slice once untimed before the timed passes.
    private var coldFirstRead = false
    /// Per slot: the CPU nanoseconds of its read, and its sum (kept so the reads are not optimized away).
    private var nanoseconds: [UInt64]
    private var sums: [Float]
    /// Where the slots of a timing meet before they read.
    private let barrier = StartBarrier()
    private var threads = 1

    /// A sweep over working sets up to `maxBytes` (allocated and first touched here) with up to `threads` threads.
    public init(maxBytes: Int, threads: Int) {
        capacity = max(maxBytes, 4096) / 4096 * 4096
        var raw: UnsafeMutableRawPointer?
        if posix_memalign(&raw, 2 << 20, capacity) != 0 || raw == nil { raw = .allocate(byteCount: capacity, alignment: 4096) }
        buffer = raw!
        #if os(Linux)
        // On 2 MiB pages where the kernel has them, as the runtime's weights are (its weight arena asks the same):
        // on 4 KiB pages a large working set's reads take a page walk every 4 KiB and the prefetcher stops at each page.
        _ = madvise(buffer, capacity, MADV_HUGEPAGE)
        #endif
        let floats = buffer.bindMemory(to: Float.self, capacity: capacity / 4)
        for i in 0..<capacity / 4 { floats[i] = Float(i & 1023) }
        nanoseconds = Array(repeating: 0, count: max(threads, 1))
        sums = Array(repeating: 0, count: max(threads, 1))
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

    /// Bandwidth of every size in `sizes` with `pool`'s threads (at most the `threads` this sweep was made for);
    /// each timing reads about `bytesPerTiming` bytes. Each thread reads a slice of size ÷ threads rounded down to
    /// `EK_READ_BLOCK` bytes, and the bytes actually read count.
    public func measure(sizes: [Int], pool: ThreadPool, bytesPerTiming: Int = 256 << 20, repeats: Int = 3) -> [BandwidthPoint] {
        threads = min(pool.count, nanoseconds.count)
        return sizes.filter { $0 <= capacity && $0 / threads >= Int(EK_READ_BLOCK) }.map { size in
            slice = size / threads / Int(EK_READ_BLOCK) * Int(EK_READ_BLOCK)
            passes = max(1, bytesPerTiming / max(size, 1))
            var best = UInt64.max
            for _ in 0..<max(repeats, 1) { best = min(best, timing(pool)) }
            let bytes = Double(slice * threads * passes)
            return BandwidthPoint(bytes: size, threads: threads, bytesPerSecond: best > 0 ? bytes * 1e9 / Double(best) : 0)
        }
    }

    /// Read bandwidth of a block read for the second time right after its first, cold read, per size in `sizes`
    /// (each at most a quarter of the buffer): the reuse an op stream offers a cache (an op reads its operands once;
    /// a shared block's weights are read again right after). For each size, `blocks` consecutive blocks of the
    /// buffer (never read since the previous block, so cold) are each read once untimed and then once timed, by
    /// every thread its slice; the bytes of all timed reads over their total time (the longest thread's per block).
    /// A level that keeps only lines used more than once (a non-inclusive L3 filled by selected L2 victims) serves
    /// these re-reads from DRAM although the repeated sweep finds it holds that much.
    public func measureReusedOnce(sizes: [Int], pool: ThreadPool, blocks: Int = 8) -> [BandwidthPoint] {
        threads = min(pool.count, nanoseconds.count)
        coldFirstRead = true
        passes = 1
        defer { coldFirstRead = false; offset = 0 }
        return sizes.filter { $0 <= capacity / 4 && $0 / threads >= Int(EK_READ_BLOCK) }.map { size in
            slice = size / threads / Int(EK_READ_BLOCK) * Int(EK_READ_BLOCK)
            var total: UInt64 = 0
            for block in 0..<max(blocks, 1) {
                offset = block * size % (capacity - size) / Int(EK_READ_BLOCK) * Int(EK_READ_BLOCK)
                total += timing(pool)
            }
            let bytes = Double(slice * threads * max(blocks, 1))
            return BandwidthPoint(bytes: size, threads: threads, bytesPerSecond: total > 0 ? bytes * 1e9 / Double(total) : 0)
        }
    }

    /// Reads the first `bytes` of the buffer (at most all of it) once on the calling thread: whatever was read
    /// before is pushed out of every cache level that holds less than that.
    public func readThrough(bytes: Int) {
        let length = min(bytes, capacity) / Int(EK_READ_BLOCK) * Int(EK_READ_BLOCK)
        guard length > 0 else { return }
        sums[0] += kernel(buffer, length, 1)
    }

    /// One timing: every slot read by its own thread; the longest thread's CPU nanoseconds.
    private func timing(_ pool: ThreadPool) -> UInt64 {
        barrier.target += threads
        pool.run(chunks: threads, { context, chunk, _ in
            Unmanaged<ReadSweep>.fromOpaque(context).takeUnretainedValue().read(slot: chunk)
        }, context: Unmanaged.passUnretained(self).toOpaque())
        return nanoseconds[0..<threads].max()!
    }

    /// Slot `slot` reads its slice `passes` times, timed with the CPU clock of the thread running it (after one
    /// untimed cold read of it when `coldFirstRead`), once all slots have arrived (`StartBarrier`).
    private func read(slot: Int) {
        let data = buffer + offset + slot * slice
        barrier.arriveAndWait()
        let cold = coldFirstRead ? kernel(data, slice, 1) : 0
        let start = OpClock.threadCPU.now()
        sums[slot] = cold + kernel(data, slice, passes)
        nanoseconds[slot] = OpClock.threadCPU.now() - start
    }
}
