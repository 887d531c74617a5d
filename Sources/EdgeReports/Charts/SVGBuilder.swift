/// Builds SVG markup: elements with escaped attributes and text, closed in order, so the output is well-formed XML.
struct SVGBuilder {
    private(set) var markup = ""

    /// `<name attributes/>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        markup += "<\(name)\(Self.attributes(attributes))/>\n"
    }

    /// `<name attributes>text</name>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String) {
        markup += "<\(name)\(Self.attributes(attributes))>\(XMLText.escape(text))</\(name)>\n"
    }

    /// `<name attributes>` … (children added by `body`) … `</name>`.
    mutating func group(_ name: String, _ attributes: KeyValuePairs<String, String>, _ body: (inout SVGBuilder) -> Void) {
        markup += "<\(name)\(Self.attributes(attributes))>\n"
        body(&self)
        markup += "</\(name)>\n"
    }

    /// A `rect` with a tooltip (`title` child), which SVG viewers show on hover without any script.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       data: KeyValuePairs<String, String>, tooltip: String) {
        markup += "<rect x=\"\(ChartNumber.coordinate(x))\" y=\"\(ChartNumber.coordinate(y))\" "
            + "width=\"\(ChartNumber.coordinate(width))\" height=\"\(ChartNumber.coordinate(height))\" "
            + "fill=\"\(fill)\" stroke=\"#222222\" stroke-width=\"0.5\"\(Self.attributes(data))>"
            + "<title>\(XMLText.escape(tooltip))</title></rect>\n"
    }

    private static func attributes(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { " \($0.key)=\"\(XMLText.escape($0.value))\"" }.joined()
    }
}

/// Escaping for XML text and attribute values (the five predefined entities only, so any XML parser reads it).
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
