import EdgeKernels
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small persistent pool of pthreads that runs one job on every thread at once (the caller is thread 0) and
/// waits for all of them: the fork-join step of each parallel op.
///
/// Workers spin on a generation counter for a short while after each job (ops follow each other within
/// microseconds), then sleep on a condition variable. Dispatch allocates nothing: a job is a C function pointer
/// and an unretained context pointer.
public final class ThreadPool: @unchecked Sendable {
    /// A job body: (context, thread index, thread count).
    public typealias Job = @convention(c) (UnsafeMutableRawPointer, Int, Int) -> Void

    /// Threads taking part in each job, the caller included.
    public let count: Int
    private let generation = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private var job: Job?
    private var context: UnsafeMutableRawPointer?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var workers: [pthread_t] = []
    /// Pause iterations a worker spins before sleeping (~1 ms).
    private let spinLimit = 20_000
    /// Pause iterations the caller spins for stragglers before yielding the core between checks.
    private let yieldAfter = 2_000

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

    /// Runs `job(context, i, count)` for every thread index i (0 on the caller) and returns when all are done.
    public func run(_ job: Job, context: UnsafeMutableRawPointer) {
        if workers.isEmpty {
            job(context, 0, 1)
            return
        }
        self.job = job
        self.context = context
        pending.store(workers.count, ordering: .relaxed)
        generation.add(1, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        job(context, 0, workers.count + 1)
        var spins = 0
        while pending.load(ordering: .acquiring) > 0 {
            // A worker that lags by this much was probably preempted (a busy machine): give up the core.
            spins += 1
            if spins < yieldAfter { ek_cpu_pause() } else { sched_yield() }
        }
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
            if let job, let context { job(context, index, workers.count + 1) }
            pending.subtract(1, ordering: .releasing)
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
