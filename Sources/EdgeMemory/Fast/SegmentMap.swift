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
struct SegmentMap {
    private var segments = RawBuffer<Segment>(capacity: 1024)

    var count: Int { segments.count }

    subscript(index: Int) -> Segment {
        unsafeAddress { UnsafePointer(segments.base + index) }
        nonmutating unsafeMutableAddress { segments.base + index }
    }

    /// Every segment, in order.
    var all: [Segment] { segments.array }

    /// First segment whose end is after `address` (`count` if none): a binary search without branches on the
    /// data (the searched addresses follow no pattern a predictor could learn). The answer stays in
    /// `base...base + length`, which halves each round.
    @inline(__always)
    func firstEnding(after address: UInt64) -> Int {
        let all = segments.base
        var base = 0, length = segments.count
        guard length > 0 else { return 0 }
        while length > 1 {
            let half = length >> 1
            base = all[base &+ half].end <= address ? base &+ half : base
            length &-= half
        }
        return all[base].end <= address ? base &+ 1 : base
    }

    /// Makes [from, to) one clean segment touched at `stamp` by a scan ending at `to` that brought `weight` bytes,
    /// splitting the segments it cuts; `first..<last` are the segments it overlaps. Returns where it now is.
    @inline(__always)
    mutating func assign(first: Int, last: Int, from: UInt64, to: UInt64, stamp: Int, weight: Double) -> Int {
        let new = Segment(start: from, end: to, stamp: stamp, scanEnd: to, weight: weight)
        let head = first < last && self[first].start < from, tail = first < last && self[last - 1].end > to
        if !head && !tail {   // the common cases: a tensor re-read whole, a new KV row, a cache read over the
            segments.resize(first..<last, to: 1)  // rows written since
            self[first] = new
            return first
        }
        let headPart = head ? self[first].clipped(self[first].start, from) : new
        let tailPart = tail ? self[last - 1].clipped(to, self[last - 1].end) : new
        segments.resize(first..<last, to: 1 + (head ? 1 : 0) + (tail ? 1 : 0))
        var at = first
        if head {
            self[at] = headPart
            at += 1
        }
        self[at] = new
        if tail { self[at + 1] = tailPart }
        return head ? first + 1 : first
    }

    /// Renumbers every segment's stamp through `map`.
    mutating func renumber(_ map: (Int) -> Int) {
        for i in 0..<count { self[i].stamp = map(self[i].stamp) }
    }

    func copy() -> SegmentMap {
        var copy = self
        copy.segments = segments.copy()
        return copy
    }

    func deallocate() { segments.deallocate() }
}
