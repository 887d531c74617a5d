import EdgeKernels
import EdgeModel
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small persistent pool of pthreads that runs the chunks of one job at a time and returns when all are done
/// (the caller works too, as thread 0): the fork-join step of each parallel op.
///
/// Chunks are claimed dynamically from one atomic word that also carries the job's generation, so a thread that
/// the OS preempted (this 2-core machine is shared) costs at most the chunk it holds: the others take the rest.
/// Workers spin briefly between jobs (ops follow each other within microseconds), then sleep on a condition
/// variable. Dispatch allocates nothing: a job is a C function pointer and an unretained context pointer.
public final class ThreadPool: @unchecked Sendable {
    /// A job body: (context, chunk index, index of the thread running it).
    public typealias Job = @convention(c) (UnsafeMutableRawPointer, Int, Int) -> Void

    /// Threads taking part in each job, the caller included.
    public let count: Int
    /// Bumped per job; wakes the workers.
    private let generation = Atomic<Int>(0)
    /// generation (24 bits) << 40 | chunk count (20 bits) << 20 | next chunk (20 bits).
    private let claims = Atomic<UInt64>(0)
    private let done = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private var job: Job?
    private var context: UnsafeMutableRawPointer?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var workers: [pthread_t] = []
    /// Pause iterations a worker spins before sleeping (~1 ms).
    private let spinLimit = 20_000
    /// Pause iterations the caller spins for a chunk held by another thread before yielding between checks.
    private let yieldAfter = 2_000
    /// Most chunks one job may have.
    public static let maxChunks = (1 << 20) - 1

    /// Chunks run by the calling thread (thread 0) and by all threads, over the jobs with at least as many chunks as
    /// threads (none with one thread, which runs every chunk itself).
    public struct ChunkCounts: Equatable, Sendable {
        public var caller: Int
        public var all: Int

        public init(caller: Int = 0, all: Int = 0) {
            self.caller = caller
            self.all = all
        }
    }

    /// The counts so far; read and written by the calling thread only. With every thread on its core the caller's
    /// share is near 1 ÷ `count`; near 1 when the workers did not get a core in time (asleep, or runnable while
    /// another process held the core — which no preemption of this process shows).
    public private(set) var chunkCounts = ChunkCounts()

    /// Starts `threads - 1` workers (none for one thread).
    public init(threads: Int) {
        count = max(1, threads)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for index in 1..<count {
            let argument = Unmanaged.passRetained(WorkerArgument(pool: self, index: index)).toOpaque()
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t?
            #endif
            let rc = pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                // Ctrl-C and friends go to the main thread, which defers them while it writes an output file.
                var signals = OutputFile.terminatingSignals
                pthread_sigmask(SIG_BLOCK, &signals, nil)
                let argument = Unmanaged<WorkerArgument>.fromOpaque(raw).takeRetainedValue()
                argument.pool.takeUnretainedValue().workerLoop(index: argument.index)
                return nil
            }, argument)
            #if canImport(Glibc)
            if rc == 0 { workers.append(thread) }
            #else
            if rc == 0, let thread { workers.append(thread) }
            #endif
        }
    }

    deinit {
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for thread in workers { pthread_join(thread, nil) }
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `job(context, chunk, thread)` once for every chunk in 0..<chunks (at most `maxChunks`), spread over
    /// the threads, and returns when all chunks are done.
    public func run(chunks: Int, _ job: Job, context: UnsafeMutableRawPointer) {
        guard chunks > 0 else { return }
        if workers.isEmpty {
            for chunk in 0..<chunks { job(context, chunk, 0) }
            return
        }
        self.job = job
        self.context = context
        done.store(0, ordering: .relaxed)
        let next = generation.load(ordering: .relaxed) &+ 1
        let tag = UInt64(next & 0xFF_FFFF)
        claims.store(tag << 40 | UInt64(min(chunks, Self.maxChunks)) << 20, ordering: .releasing)
        generation.store(next, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        let mine = drain(tag: tag, thread: 0)
        if chunks >= count {
            chunkCounts.caller += mine
            chunkCounts.all += chunks
        }
        var spins = 0
        while done.load(ordering: .acquiring) < chunks {
            spins += 1
            if spins < yieldAfter { ek_cpu_pause() } else { sched_yield() }
        }
    }

    /// Claims and runs chunks of the job tagged `tag` until none is left (or a newer job has started); returns how
    /// many this thread ran.
    @discardableResult
    private func drain(tag: UInt64, thread: Int) -> Int {
        var word = claims.load(ordering: .acquiring)
        var ran = 0
        while word >> 40 == tag {
            let total = (word >> 20) & 0xF_FFFF, chunk = word & 0xF_FFFF
            if chunk >= total { return ran }
            let (exchanged, original) = claims.compareExchange(expected: word, desired: word + 1,
                                                               ordering: .acquiringAndReleasing)
            if exchanged {
                if let job, let context { job(context, Int(chunk), thread) }
                done.add(1, ordering: .releasing)
                ran += 1
                word = claims.load(ordering: .acquiring)
            } else {
                word = original
            }
        }
        return ran
    }

    private func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                spins += 1
                if spins < spinLimit {
                    ek_cpu_pause()
                } else {
                    pthread_mutex_lock(mutex)
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    while generation.load(ordering: .sequentiallyConsistent) == seen {
                        pthread_cond_wait(condition, mutex)
                    }
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    pthread_mutex_unlock(mutex)
                    spins = 0
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            if stopping.load(ordering: .acquiring) { return }
            drain(tag: UInt64(current & 0xFF_FFFF), thread: index)
        }
    }
}

/// What a worker thread starts with: its pool (unretained: the pool joins its workers before it goes) and index.
private final class WorkerArgument {
    let pool: Unmanaged<ThreadPool>
    let index: Int
    init(pool: ThreadPool, index: Int) {
        self.pool = Unmanaged.passUnretained(pool)
        self.index = index
    }
}
