/// Series colours from the Okabe–Ito colour-blind-safe set; every filled shape also gets a dark outline so
/// neighbours stay distinguishable in grayscale print.
///
/// A colour belongs to a series' meaning, not its position: a memory level or memory part has a fixed colour in
/// every chart (DRAM is orange whether or not the device has an L3 or SLC), and any other name (a device, a
/// sharing variant) gets a colour derived from the name itself. Within one chart two series never share a colour
/// while the palette lasts: a series whose colour is taken moves to the next free one.
enum ChartPalette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// Fixed colours of the series names the reports use for memory levels, memory parts and energy parts.
    static let named: [String: String] = [
        "L1": "#56B4E9", "L1D": "#56B4E9", "L1I": "#56B4E9", "L2": "#0072B2", "L3": "#009E73", "SLC": "#009E73",
        "DRAM": "#E69F00", "DRAM writeback": "#D55E00",
        "weights": "#0072B2", "KV cache": "#E69F00", "activations": "#009E73", "runtime": "#CC79A7",
        "caches": "#56B4E9", "compute": "#CC79A7", "static": "#F0E442",
    ]

    /// One colour per name, in order: fixed names first claim theirs, then the others their hashed one.
    static func colors(for names: [String]) -> [String] {
        var result = [String?](repeating: nil, count: names.count)
        var used = Set<String>()
        func claim(_ index: Int, preferred: Int) {
            let free = (0..<colors.count).lazy.map { colors[(preferred + $0) % colors.count] }.first { !used.contains($0) }
            let color = free ?? colors[preferred % colors.count]
            used.insert(color)
            result[index] = color
        }
        for (i, name) in names.enumerated() {
            if let color = named[name], let slot = colors.firstIndex(of: color) { claim(i, preferred: slot) }
        }
        for (i, name) in names.enumerated() where result[i] == nil { claim(i, preferred: slot(of: name)) }
        return result.map { $0 ?? colors[0] }
    }

    /// A palette slot fixed by the name's bytes (FNV-1a), so the name keeps its colour across charts and runs.
    static func slot(of name: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(hash % UInt64(colors.count))
    }
}
