import CHwloc

/// This machine as hwloc sees it: cores, hardware threads, cache levels and NUMA memory.
public struct HostTopology: Equatable, Sendable, Encodable {
    /// CPU model string (hwloc's `CPUModel` info), empty if hwloc does not report one.
    public var cpuModel: String
    public var cores: Int
    /// Hardware threads (hwloc PUs).
    public var threads: Int
    /// Data and unified caches, nearest first (one entry per level, with how many instances and who shares one).
    public var caches: [HostCache]
    /// Bytes of memory per NUMA node.
    public var numaNodeBytes: [UInt64]
    /// hwloc's runtime API version (`2.9.0`).
    public var hwlocVersion: String

    /// One cache level.
    public struct HostCache: Equatable, Sendable, Encodable {
        /// `L1d`, `L2`, `L3`.
        public var name: String
        public var level: Int
        public var sizeBytes: UInt64
        public var lineBytes: Int
        /// Ways; 0 unknown, -1 fully associative (hwloc's convention).
        public var associativity: Int
        /// Instances of this cache on the machine.
        public var instances: Int
        /// Hardware threads sharing one instance.
        public var sharedByThreads: Int
    }

    /// Reads the topology with hwloc.
    /// - Throws: `CounterError` when hwloc cannot build or load the topology.
    public static func read() throws(CounterError) -> HostTopology {
        var topology: hwloc_topology_t?
        guard hwloc_topology_init(&topology) == 0, let topology else {
            throw CounterError(code: 0, reason: "hwloc_topology_init failed")
        }
        defer { hwloc_topology_destroy(topology) }
        guard hwloc_topology_load(topology) == 0 else { throw CounterError(code: 0, reason: "hwloc_topology_load failed") }
        func count(_ type: hwloc_obj_type_t) -> Int { Int(max(hwloc_get_nbobjs_by_type(topology, type), 0)) }
        var caches: [HostCache] = []
        let types: [(hwloc_obj_type_t, String)] = [(HWLOC_OBJ_L1CACHE, "L1d"), (HWLOC_OBJ_L2CACHE, "L2"),
                                                   (HWLOC_OBJ_L3CACHE, "L3"), (HWLOC_OBJ_L4CACHE, "L4")]
        for (type, name) in types where count(type) > 0 {
            guard let object = hwloc_get_obj_by_type(topology, type, 0), let attributes = object.pointee.attr else { continue }
            let cache = attributes.pointee.cache
            let sharing = object.pointee.cpuset.map { Int(max(hwloc_bitmap_weight($0), 0)) } ?? 0
            caches.append(HostCache(name: name, level: Int(cache.depth), sizeBytes: cache.size,
                                    lineBytes: Int(cache.linesize), associativity: Int(cache.associativity),
                                    instances: count(type), sharedByThreads: sharing))
        }
        var numa: [UInt64] = []
        for index in 0..<count(HWLOC_OBJ_NUMANODE) {
            if let node = hwloc_get_obj_by_type(topology, HWLOC_OBJ_NUMANODE, UInt32(index)),
               let attributes = node.pointee.attr {
                numa.append(attributes.pointee.numanode.local_memory)
            }
        }
        var model = ""
        for object in [hwloc_get_obj_by_type(topology, HWLOC_OBJ_PACKAGE, 0), hwloc_get_root_obj(topology)] {
            if model.isEmpty, let object, let value = hwloc_obj_get_info_by_name(object, "CPUModel") {
                model = String(cString: value)
            }
        }
        let version = hwloc_get_api_version()
        return HostTopology(cpuModel: model, cores: count(HWLOC_OBJ_CORE), threads: count(HWLOC_OBJ_PU),
                            caches: caches, numaNodeBytes: numa,
                            hwlocVersion: "\(version >> 16).\((version >> 8) & 0xff).\(version & 0xff)")
    }
}
