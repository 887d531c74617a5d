import EdgeKernels
import EdgeRuntime
import Synchronization

/// The meeting point of one pool job's chunks: each chunk arrives and waits until `target` chunks have, so every
/// thread of the pool takes exactly one chunk and they all start together (a thread that finished its chunk would
/// otherwise take the next before the others wake). If the others never come — a pool that could not start its
/// workers runs every chunk on the caller, one after another — the wait gives up after a second and the barrier
/// stays open from then on, so nothing hangs.
final class StartBarrier: @unchecked Sendable {
    private let arrivals = Atomic<Int>(0)
    private let open = Atomic<Bool>(false)
    /// Arrivals the current job waits for (cumulative: raise it by the job's chunks before each job).
    var target = 0

    /// Arrives and waits for the others (at most about a second; the clock is read only every 1024 spins, so a
    /// chunk whose partners are already there reads none).
    func arriveAndWait() {
        arrivals.add(1, ordering: .acquiringAndReleasing)
        var spins = 0
        var deadline: UInt64 = 0
        while arrivals.load(ordering: .acquiring) < target && !open.load(ordering: .relaxed) {
            spins += 1
            if spins & 1023 == 0 {
                let now = OpClock.monotonic.now()
                if deadline == 0 { deadline = now &+ 1_000_000_000 } else if now > deadline { open.store(true, ordering: .relaxed) }
            }
            ek_cpu_pause()
        }
    }
}
