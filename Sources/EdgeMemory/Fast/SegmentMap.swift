/// An address range [start, end) with the stamp and scan end of the access that last touched it (stamp 0:
/// never), the bytes of it that access brought to the level (`weight`), and whether it holds unwritten data.
struct Segment {
    var start: UInt64
    var end: UInt64
    var stamp = 0
    var scanEnd: UInt64 = 0
    var weight = 0.0
    var dirty = false

    /// The part of the segment in [from, to), with its share of the weight.
    @inline(__always)
    func clipped(_ from: UInt64, _ to: UInt64) -> Segment {
        var part = self
        part.start = Swift.max(start, from)
        part.end = Swift.min(end, to)
        part.weight = weight * Double(part.end - part.start) / Double(end - start)
        return part
    }
}

/// Disjoint segments sorted by start, in raw memory (`RawBuffer`'s terms: its holder frees and copies it).
///
/// Where segments are merged, the slots they leave stay as holes (empty segments: start = end = the end of the
/// last segment before them, or 0; stamp 0, weight 0, clean), and a segment inserted just after a hole takes its
/// slot: the KV-cache pattern of every decode step (a new row written after the rows before it, then read with
/// them as one range) moves no memory. Holes keep starts and ends in order, `firstEnding` never returns one, and
/// scans skip them (`isHole`); `removeHoles` drops them all.
struct SegmentMap {
    private var segments = RawBuffer<Segment>(capacity: 1024)

    /// Slots, holes included.
    var count: Int { segments.count }

    subscript(index: Int) -> Segment {
        unsafeAddress { UnsafePointer(segments.base + index) }
        nonmutating unsafeMutableAddress { segments.base + index }
    }

    /// Whether the slot at `index` is a hole.
    @inline(__always)
    func isHole(_ index: Int) -> Bool { self[index].start == self[index].end }

    /// Whether the slot at `index` is the segment [start, end) and no other segment starts before `end`.
    @inline(__always)
    func isExactly(_ index: Int, _ start: UInt64, _ end: UInt64) -> Bool {
        index < count && self[index].start == start && self[index].end == end
            && (index + 1 == count || self[index + 1].start >= end)
    }

    /// The slot that is exactly the segment [start, end) (`isExactly`), when the slot last found for `start`'s hash
    /// is it (a range touched whole again, most accesses); nil otherwise. Such a slot is `firstEnding(after: start)`.
    @inline(__always)
    func hintedExactly(_ start: UInt64, _ end: UInt64) -> Int? {
        let guess = Int(hints[Self.hint(start)])
        return isExactly(guess, start, end) ? guess : nil
    }

    /// Every segment, in order (no holes).
    var all: [Segment] { segments.array.filter { $0.start < $0.end } }

    /// First segment whose end is after `address` (`count` if none). The slot found last time for an address
    /// with the same hash is checked first, then the two after it (segments inserted before it since); otherwise
    /// a binary search without branches on the data (the searched addresses follow no pattern a predictor could
    /// learn), whose answer stays in `base...base + length` as that halves each round. A hole's end is that of a
    /// segment before it, so the answer is never a hole.
    @inline(__always)
    func firstEnding(after address: UInt64) -> Int {
        let all = segments.base, count = segments.count
        let hint = Self.hint(address)
        let guess = Int(hints[hint])
        for slot in min(guess, count)..<min(guess &+ 3, count)
        where all[slot].end > address && (slot == 0 || all[slot &- 1].end <= address) {
            return slot
        }
        var base = 0, length = count
        guard length > 0 else { return 0 }
        while length > 1 {
            let half = length >> 1
            base = all[base &+ half].end <= address ? base &+ half : base
            length &-= half
        }
        let found = all[base].end <= address ? base &+ 1 : base
        hints[hint] = UInt32(truncatingIfNeeded: found)
        return found
    }

    /// Per hash of a searched address, the slot found for it last (a guess: checked before use).
    private var hints = RawBuffer<UInt32>(repeating: 0, count: 1 << hintBits)
    private static let hintBits = 13

    /// Where in `hints` the slot for `address` is kept.
    @inline(__always)
    private static func hint(_ address: UInt64) -> Int {
        Int(truncatingIfNeeded: (address &* 0x9E37_79B9_7F4A_7C15) >> (64 - hintBits))
    }

    /// Makes [from, to) one clean segment touched at `stamp` by a scan ending at `to` that brought `weight` bytes,
    /// splitting the segments it cuts; `first..<last` are the slots it overlaps (`first` a segment, holes
    /// possibly after it). Returns where it now is.
    @inline(__always)
    mutating func assign(first: Int, last: Int, from: UInt64, to: UInt64, stamp: Int, weight: Double) -> Int {
        let new = Segment(start: from, end: to, stamp: stamp, scanEnd: to, weight: weight)
        // A hole at last − 1 ends at or before `to`, so only a segment there can stick out past it.
        let head = first < last && self[first].start < from, tail = first < last && self[last - 1].end > to
        let headPart = head ? self[first].clipped(self[first].start, from) : new
        let tailPart = tail ? self[last - 1].clipped(to, self[last - 1].end) : new
        let parts = 1 + (head ? 1 : 0) + (tail ? 1 : 0)
        var at = first, end = last
        while parts > end - at && takeNearbyHole(first: &at, last: &end) {}
        if parts > end - at { segments.resize(at..<end, to: parts) }
        let newIndex = head ? at + 1 : at
        if head { self[at] = headPart }
        self[newIndex] = new
        if tail { self[newIndex + 1] = tailPart }
        let holeAt = (tail ? tailPart : new).end
        for slot in at + parts..<max(at + parts, end) {
            self[slot] = Segment(start: holeAt, end: holeAt)
        }
        return newIndex
    }

    /// Gives `first..<last` one more slot from a hole at most `holeReach` slots before or after it, moving the
    /// slots in between by one. False when there is no such hole.
    @inline(__always)
    private mutating func takeNearbyHole(first: inout Int, last: inout Int) -> Bool {
        for hole in stride(from: first - 1, through: max(0, first - Self.holeReach), by: -1) where isHole(hole) {
            for slot in hole..<first - 1 { self[slot] = self[slot + 1] }
            first -= 1
            return true
        }
        for hole in last..<min(count, last + Self.holeReach) where isHole(hole) {
            for slot in stride(from: hole, to: last, by: -1) { self[slot] = self[slot - 1] }
            last += 1
            return true
        }
        return false
    }

    /// How far `assign` looks for a hole to take before moving every later segment.
    private static let holeReach = 8

    /// Drops every hole.
    mutating func removeHoles() {
        var kept = 0
        for i in 0..<count where !isHole(i) {
            self[kept] = self[i]
            kept += 1
        }
        segments.resize(kept..<count, to: 0)
    }

    /// Renumbers the segments' distinct stamps 1…k in their order (no holes); returns k.
    mutating func renumberStamps() -> Int {
        let order = (0..<count).sorted { self[$0].stamp < self[$1].stamp }
        var rank = 0, previous = 0
        for (n, i) in order.enumerated() {
            if n == 0 || self[i].stamp != previous { rank += 1 }
            previous = self[i].stamp
            self[i].stamp = rank
        }
        return rank
    }

    func copy() -> SegmentMap {
        var copy = self
        copy.segments = segments.copy()
        copy.hints = hints.copy()
        return copy
    }

    func deallocate() {
        segments.deallocate()
        hints.deallocate()
    }
}
