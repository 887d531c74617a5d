import EdgeModel

/// Joins the shard results of one sweep into the document an unsharded run would have written.
public enum BenchMerge {
    /// Merges `parts` (document and the path it came from, for errors).
    /// - Throws: `InputError` naming the file when the parts cannot form one whole: an unsharded part, a
    ///   different suite, build, mode or shard count, a shard given twice, or shards missing.
    public static func merge(_ parts: [(document: BenchDocument, path: String)]) throws -> BenchDocument {
        guard let (first, firstPath) = parts.first else {
            throw InputError(file: "<command line>", field: "FILES", "give the shard results to merge")
        }
        var seen: [Int: String] = [:]
        for (document, path) in parts {
            guard let shard = document.shard else {
                throw InputError(file: path, field: "shard", "is a whole-suite result, not a shard")
            }
            guard document.suite == first.suite else {
                throw InputError(file: path, field: "suite", "\(document.suite.name) (sha256 \(document.suite.sha256.prefix(12))) "
                                 + "differs from \(first.suite.name) (sha256 \(first.suite.sha256.prefix(12))) in \(firstPath)")
            }
            guard document.build == first.build else {
                throw InputError(file: path, field: "build", "version, commit or input files differ from \(firstPath): "
                                 + "shards of one sweep must come from the same build and inputs")
            }
            guard document.mode == first.mode else {
                throw InputError(file: path, field: "mode", "'\(document.mode.rawValue)' differs from '\(first.mode.rawValue)' in \(firstPath)")
            }
            guard shard.count == first.shard?.count else {
                throw InputError(file: path, field: "shard", "\(shard.index)/\(shard.count) is from a split into another "
                                 + "number of shards than \(firstPath)")
            }
            if let other = seen[shard.index] {
                throw InputError(file: path, field: "shard", "\(shard.index)/\(shard.count) overlaps \(other)")
            }
            seen[shard.index] = path
        }
        let count = first.shard!.count
        let absent = (1...count).filter { seen[$0] == nil }
        guard absent.isEmpty else {
            throw InputError(file: "<command line>", field: "FILES", "shards \(absent.map { "\($0)/\(count)" }.joined(separator: ", ")) "
                             + "are missing")
        }
        let cases = parts.flatMap(\.document.cases).sorted { $0.index < $1.index }
        let present = Set(cases.map(\.index))
        let expected = (0..<first.suite.caseCount).filter { !present.contains($0) }
        guard expected.isEmpty else {
            throw InputError(file: "<command line>", field: "FILES", "cases at suite positions \(expected) are in no shard")
        }
        return BenchDocument(suite: first.suite, build: first.build, mode: first.mode, shard: nil, cases: cases)
    }
}
