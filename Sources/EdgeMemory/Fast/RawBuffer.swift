/// A growable array of bitwise-copyable values in memory managed by hand, for the fast model's inner loops: an
/// element access is a pointer access (no reference counting, uniqueness or exclusivity check). Whoever holds it
/// frees it (`deallocate`) and duplicates it (`copy`) explicitly; indices are the caller's to keep in range.
struct RawBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    /// An empty buffer with room for `capacity` elements.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        self.init(capacity: count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// The elements of `array`.
    init(_ array: [Element]) {
        self.init(capacity: array.count)
        for (i, element) in array.enumerated() { (base + i).initialize(to: element) }
        count = array.count
    }

    subscript(index: Int) -> Element {
        unsafeAddress { UnsafePointer(base + index) }
        nonmutating unsafeMutableAddress { base + index }
    }

    var isEmpty: Bool { count == 0 }
    /// The elements, as an array.
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    /// Makes the elements at `range` `newCount` slots (their contents left to the caller), moving the rest.
    mutating func resize(_ range: Range<Int>, to newCount: Int) {
        let total = count - range.count + newCount
        if total > capacity { grow(to: total) }
        let tail = count - range.upperBound
        if tail > 0 && newCount != range.count {
            UnsafeMutableRawPointer(base + range.lowerBound + newCount)
                .copyMemory(from: base + range.upperBound, byteCount: tail * MemoryLayout<Element>.stride)
        }
        count = total
    }

    /// The same elements in memory of their own.
    func copy() -> RawBuffer {
        var copy = RawBuffer(capacity: capacity)
        UnsafeMutableRawPointer(copy.base).copyMemory(from: base, byteCount: count * MemoryLayout<Element>.stride)
        copy.count = count
        return copy
    }

    /// Frees the memory; the buffer must not be used afterwards.
    func deallocate() { base.deallocate() }

    /// Room for at least `needed` elements (capacity doubles).
    @inline(never)
    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        UnsafeMutableRawPointer(fresh).copyMemory(from: base, byteCount: count * MemoryLayout<Element>.stride)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }
}
