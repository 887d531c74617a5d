extension DeviceProfile {
    /// Every quantity of the profile with its JSON path (`caches[1].size`), in file order; for listings and audits.
    public var quantities: [(field: String, quantity: Quantity)] {
        var out: [(String, Quantity)] = []
        for (u, unit) in compute.units.enumerated() {
            for (key, q) in unit.peaks.sorted(by: { $0.key < $1.key }) { out.append(("compute.units[\(u)].peaks.\(key)", q)) }
            for (key, q) in unit.opEnergy.sorted(by: { $0.key < $1.key }) { out.append(("compute.units[\(u)].opEnergy.\(key)", q)) }
            for (key, q) in (unit.matvecPeaks ?? [:]).sorted(by: { $0.key < $1.key }) {
                out.append(("compute.units[\(u)].matvecPeaks.\(key)", q))
            }
            for (name, table) in [("kernelPeaks", unit.kernelPeaks), ("kernelRowPeaks", unit.kernelRowPeaks)] {
                for (key, q) in (table ?? [:]).sorted(by: { $0.key < $1.key }) { out.append(("compute.units[\(u)].\(name).\(key)", q)) }
            }
        }
        for (l, c) in caches.enumerated() {
            let p = "caches[\(l)]"
            out += [(p + ".size", c.size), (p + ".lineSize", c.lineSize), (p + ".ways", c.ways), (p + ".sets", c.sets),
                    (p + ".latency", c.latency), (p + ".bandwidth", c.bandwidth), (p + ".energy", c.energy)]
            if let r = c.retention { out += [(p + ".retention.fullUpTo", r.fullUpTo), (p + ".retention.noneFrom", r.noneFrom)] }
        }
        out += [("dram.capacity", dram.capacity), ("dram.peakBandwidth", dram.peakBandwidth),
                ("dram.achievableFraction", dram.achievableFraction), ("dram.energy", dram.energy),
                ("dram.latency", dram.latency), ("dram.appBudgetFraction", dram.appBudgetFraction)]
        for (key, q) in (dram.kernelReadBandwidth ?? [:]).sorted(by: { $0.key < $1.key }) {
            out.append(("dram.kernelReadBandwidth.\(key)", q))
        }
        for (key, q) in (dram.kernelReuseBandwidth ?? [:]).sorted(by: { $0.key < $1.key }) {
            out.append(("dram.kernelReuseBandwidth.\(key)", q))
        }
        for (key, q) in (dram.kernelReuseDistance ?? [:]).sorted(by: { $0.key < $1.key }) {
            out.append(("dram.kernelReuseDistance.\(key)", q))
        }
        out += [("flash.readBandwidth", flash.readBandwidth), ("flash.energy", flash.energy),
                ("power.staticPower", power.staticPower),
                ("overheads.perOp", overheads.perOp), ("overheads.perOpSetup", overheads.perOpSetup),
                ("overheads.loadFixed", overheads.loadFixed), ("overheads.initFixed", overheads.initFixed)]
        return out
    }
}
