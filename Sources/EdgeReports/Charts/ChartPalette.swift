/// Series colours: the Okabe–Ito colour-blind-safe set, ordered so neighbours differ in lightness and stay
/// distinguishable in grayscale print; every filled shape also gets a dark outline.
enum ChartPalette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// The colour of series `index` (cycling).
    static func color(_ index: Int) -> String { colors[index % colors.count] }
}
