import Foundation
import EdgeModel

/// `model.safetensors.index.json` of a sharded checkpoint: which shard file holds each tensor.
struct SafetensorsIndex: Decodable, Sendable {
    /// Checkpoint tensor name → shard file name (in the index's directory).
    var weightMap: [String: String]

    enum CodingKeys: String, CodingKey { case weightMap = "weight_map" }

    /// Reads the index at `path`; shard names must be plain file names in the same directory.
    static func load(path: String) throws -> SafetensorsIndex {
        let data = try InputFile.read(path)
        let index: SafetensorsIndex
        do {
            index = try JSONDecoder().decode(SafetensorsIndex.self, from: data)
        } catch let error as DecodingError {
            throw InputError(file: path, field: error.fieldPath ?? "file", "invalid index JSON: \(error.summary)")
        }
        try JSONDuplicateKeys.reject(in: data, file: path)
        for (tensor, shard) in index.weightMap.sorted(by: { $0.key < $1.key })
        where shard.isEmpty || shard.contains("/") || shard == "." || shard == ".." {
            throw InputError(file: path, field: "weight_map.\(tensor)", "shard '\(shard)' is not a file name in the checkpoint directory")
        }
        return index
    }
}
