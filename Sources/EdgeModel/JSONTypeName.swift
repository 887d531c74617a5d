/// What a decoder expected, in JSON's words ("an object", "a number") rather than Swift's (`Dictionary<String, Any>`),
/// for messages about a user's file.
public func jsonTypeName(_ type: Any.Type) -> String {
    let name = String(describing: type)
    if name.hasPrefix("Dictionary") { return "an object" }
    if name.hasPrefix("Array") { return "an array" }
    switch name {
    case "String", "Substring": return "a string"
    case "Bool": return "true or false"
    case "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64": return "an integer"
    case "Double", "Float", "Float16", "Decimal": return "a number"
    default: return name
    }
}
