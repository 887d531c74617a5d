/// Bytes of a range still to be placed, and whether they carry unwritten data.
struct Piece {
    var start: UInt64
    var end: UInt64
    var bytes: Double
    var dirty: Bool
}

/// One stream's LRU stack (the CPU-side levels, or one memory-side level), in raw memory (`RawBuffer`'s terms: its
/// holder frees and copies it).
struct LevelStack {
    private var segments = SegmentMap()
    private var stamps = Fenwick(capacity: 1 << 16)
    private var now = 0
    /// Whether any dirty data was met by the last access (first level only).
    private(set) var wasDirty = false
    /// Where the last piece placed is, as one segment, in `segments`.
    private var lastPlaced = 0

    /// Places `pieces` (each carrying the bytes of it that reach this stream): adds to `hits[l]` the bytes level l of
    /// `levels` (`levelCount` of them) serves (the first level holding them) and appends the rest, per sub-range, to
    /// `missed`; then records the pieces as touched now. `reach`: the largest `FastLevel.reach` of the levels.
    @inline(__always)
    mutating func access(_ pieces: RawBuffer<Piece>, levels: UnsafeMutablePointer<FastLevel>, levelCount: Int,
                         reach: Double, firstGroup: Bool, hits: UnsafeMutablePointer<Double>,
                         missed: inout RawBuffer<Piece>) {
        if now + 1 >= stamps.capacity { compact() }
        now += 1
        stamps.open(now)
        wasDirty = false
        for p in 0..<pieces.count {
            let piece = pieces[p]
            let exact = segments.hintedExactly(piece.start, piece.end)
            let first = exact ?? segments.firstEnding(after: piece.start)
            if exact != nil || segments.isExactly(first, piece.start, piece.end) {   // a range touched whole again
                retouch(first, piece, levels: levels, levelCount: levelCount, reach: reach, firstGroup: firstGroup,
                        hits: hits, missed: &missed)
                continue
            }
            var placement = Placement(piece: piece, now: now, levels: levels, levelCount: levelCount, reach: reach,
                                      firstGroup: firstGroup, hits: hits)
            var cursor = piece.start
            var i = first
            while i < segments.count && segments[i].start < piece.end {
                if segments.isHole(i) {
                    i += 1
                    continue
                }
                let old = segments[i].clipped(piece.start, piece.end)
                if cursor < old.start { placement.place(cursor, old.start, old: nil, stamps: &stamps, missed: &missed) }
                placement.place(old.start, old.end, old: old, stamps: &stamps, missed: &missed)
                cursor = old.end
                i += 1
            }
            if cursor < piece.end { placement.place(cursor, piece.end, old: nil, stamps: &stamps, missed: &missed) }
            if placement.metDirty { wasDirty = true }
            lastPlaced = segments.assign(first: first, last: i, from: piece.start, to: piece.end, stamp: now,
                                         weight: piece.bytes)
        }
    }

    /// The general case's steps (`Placement.place`, then `SegmentMap.assign`) for a piece that is exactly the segment
    /// at `slot`, with the same arithmetic, in straight code.
    @inline(__always)
    private mutating func retouch(_ slot: Int, _ piece: Piece, levels: UnsafeMutablePointer<FastLevel>, levelCount: Int,
                                  reach: Double, firstGroup: Bool, hits: UnsafeMutablePointer<Double>,
                                  missed: inout RawBuffer<Piece>) {
        let old = segments[slot]
        let length = Double(piece.end - piece.start)
        let share = piece.bytes / length * length
        var hit = 0.0
        if old.stamp > 0 {
            let own = firstGroup ? Double(old.scanEnd - piece.start) : share
            if own < reach {
                hit = tallyHits(share, distance: stamps.total - stamps.prefix(old.stamp) + own, levels: levels,
                                levelCount: levelCount, hits: hits)
            }
            if old.dirty { wasDirty = true }
            stamps.move(old.clipped(piece.start, piece.end).weight, from: old.stamp, share, to: now)
        } else {
            stamps.add(now, share)
        }
        if share - hit > 1e-9 {
            missed.append(Piece(start: piece.start, end: piece.end, bytes: share - hit,
                                dirty: piece.dirty || old.dirty))
        }
        segments[slot] = Segment(start: piece.start, end: piece.end, stamp: now, scanEnd: piece.end,
                                 weight: piece.bytes)
        lastPlaced = slot
    }

    /// The placement of one piece over the segments it overlaps, sub-range by sub-range in address order: each old
    /// sub-range takes its stack distance and leaves the tree, each sub-range (old or never touched) enters it at
    /// `now`.
    private struct Placement {
        let piece: Piece
        let perByte: Double
        let now: Int
        let levels: UnsafeMutablePointer<FastLevel>
        let levelCount: Int
        let reach: Double
        let firstGroup: Bool
        let hits: UnsafeMutablePointer<Double>
        /// Whether any old sub-range was dirty.
        var metDirty = false

        @inline(__always)
        init(piece: Piece, now: Int, levels: UnsafeMutablePointer<FastLevel>, levelCount: Int, reach: Double,
             firstGroup: Bool, hits: UnsafeMutablePointer<Double>) {
            self.piece = piece
            perByte = piece.bytes / Double(piece.end - piece.start)
            self.now = now
            self.levels = levels
            self.levelCount = levelCount
            self.reach = reach
            self.firstGroup = firstGroup
            self.hits = hits
        }

        @inline(__always)
        mutating func place(_ s: UInt64, _ e: UInt64, old: Segment?, stamps: inout Fenwick,
                            missed: inout RawBuffer<Piece>) {
            let share = perByte * Double(e - s)
            var hit = 0.0
            if let old, old.stamp > 0 {
                let own = firstGroup ? Double(old.scanEnd - s) : share
                if own < reach {   // otherwise it misses every level whatever came since
                    hit = tallyHits(share, distance: stamps.total - stamps.prefix(old.stamp) + own, levels: levels,
                                    levelCount: levelCount, hits: hits)
                }
                if old.dirty { metDirty = true }
            }
            if share - hit > 1e-9 {
                missed.append(Piece(start: s, end: e, bytes: share - hit, dirty: piece.dirty || (old?.dirty ?? false)))
            }
            if let old, old.stamp > 0 {   // its weight leaves the tree, the share enters at now
                stamps.move(old.weight, from: old.stamp, share, to: now)
            } else {
                stamps.add(now, share)
            }
        }
    }

    /// Marks the last piece placed (first level: the whole access, clean until now) dirty.
    mutating func markLastDirty() {
        segments[lastPlaced].dirty = true
    }

    /// Bytes of dirty segments whose stack distance now exceeds what `level` holds.
    func dirtyBytesBeyond(_ level: FastLevel) -> Double {
        segments.all.filter(\.dirty).reduce(0) { total, s in
            let distance = stamps.total - stamps.prefix(s.stamp) + Double(s.scanEnd - s.start)
            return total + Double(s.end - s.start) * (1 - level.hitFraction(distance))
        }
    }

    /// Renumbers live stamps 1…k in order so the Fenwick tree never overflows.
    private mutating func compact() {
        segments.removeHoles()
        let live = segments.renumberStamps()
        var fresh = Fenwick(capacity: max(stamps.capacity, 2 * (live + 1)))
        for i in 0..<segments.count {
            fresh.open(segments[i].stamp)
            fresh.add(segments[i].stamp, segments[i].weight)
        }
        stamps.deallocate()
        stamps = fresh
        now = live
    }

    func copy() -> LevelStack {
        var copy = self
        copy.segments = segments.copy()
        copy.stamps = stamps.copy()
        return copy
    }

    func deallocate() {
        segments.deallocate()
        stamps.deallocate()
    }
}

/// Adds to each level's hits (`hits[l]`) the bytes of `share` that it serves at stack distance `distance` beyond the
/// levels above it, and returns the bytes that some level serves.
@inline(__always)
private func tallyHits(_ share: Double, distance: Double, levels: UnsafeMutablePointer<FastLevel>, levelCount: Int,
                       hits: UnsafeMutablePointer<Double>) -> Double {
    var held = 0.0
    for l in 0..<levelCount {
        let fraction = max(held, levels[l].hitFraction(distance))
        hits[l] += share * (fraction - held)
        held = fraction
    }
    return share * held
}
