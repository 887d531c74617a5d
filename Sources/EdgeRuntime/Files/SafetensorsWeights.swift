import Foundation
import EdgeModel

/// The weights of a Hugging Face LLaMA/MobileLLM checkpoint: `config.json` plus `model.safetensors` or the
/// shards listed in `model.safetensors.index.json`, all memory-mapped, under canonical tensor names.
///
/// Q and K rows are in Hugging Face order, so `ropeStyle` is `.halves`. With `layer_sharing` the files hold the
/// physical blocks only.
public final class SafetensorsWeights: WeightSource {
    public let origin: String
    public let config: ModelConfig
    public let ropeStyle = RopeStyle.halves
    public let tensors: [String: WeightTensor]
    private let files: [MappedFile]
    private let alignedCopies: [AlignedCopy]

    /// Standard file names inside a checkpoint directory.
    public static let configName = "config.json", singleName = "model.safetensors",
        indexName = "model.safetensors.index.json"

    /// Opens the checkpoint in `directory`, or the single `.safetensors` / index file `weights` in it;
    /// `configPath` overrides `directory/config.json`.
    public init(directory: String, weights: String? = nil, configPath: String? = nil) throws {
        let dir = URL(fileURLWithPath: directory)
        let configFile = configPath ?? dir.appendingPathComponent(Self.configName).path
        let weightsFile = try weights ?? Self.defaultWeights(in: dir)
        origin = weightsFile

        var shardFiles: [(path: String, expected: Set<String>?)] = []
        if weightsFile.hasSuffix(".json") {
            let index = try SafetensorsIndex.load(path: weightsFile)
            let base = URL(fileURLWithPath: weightsFile).deletingLastPathComponent()
            let byShard = Dictionary(grouping: index.weightMap.keys, by: { index.weightMap[$0] ?? "" })
            for shard in byShard.keys.sorted() {
                shardFiles.append((base.appendingPathComponent(shard).path, Set(byShard[shard] ?? [])))
            }
        } else {
            shardFiles.append((weightsFile, nil))
        }

        var table = FileTensorTable(origin: weightsFile)
        var opened: [MappedFile] = []
        for (path, expected) in shardFiles {
            let file = try SafetensorsFile(path: path)
            let names = Set(file.tensors.map(\.name))
            if let expected {
                if let stray = names.subtracting(expected).sorted().first {
                    throw InputError(file: path, field: stray, "is not listed for this shard in \(weightsFile)")
                }
                if let absent = expected.subtracting(names).sorted().first {
                    throw InputError(file: path, field: absent, "is listed in \(weightsFile) but missing from the shard")
                }
            }
            for tensor in file.tensors {
                switch HFTensorName.map(tensor.name) {
                case .canonical(let name):
                    try table.add(name: name, sourceName: tensor.name, file: path, type: tensor.type,
                                  shape: tensor.shape, bytes: tensor.bytes)
                case .ignored:
                    continue
                case .unknown:
                    throw InputError(file: path, field: tensor.name, "is not a LLaMA tensor name")
                }
            }
            opened.append(file.mapped)
        }

        let declared = try HFConfig.load(path: configFile)
        let matrixType = table.tensors["blk.0.attn_q.weight"]?.type
        config = declared.with(precision: matrixType?.precision ?? declared.precision)
        try table.check(against: config)
        tensors = table.tensors
        files = opened
        alignedCopies = table.alignedCopies
    }

    /// `model.safetensors.index.json` when present, else `model.safetensors`.
    private static func defaultWeights(in dir: URL) throws -> String {
        let index = dir.appendingPathComponent(indexName).path
        if FileManager.default.fileExists(atPath: index) { return index }
        let single = dir.appendingPathComponent(singleName).path
        if FileManager.default.fileExists(atPath: single) { return single }
        throw InputError(file: dir.path, field: singleName, "neither \(singleName) nor \(indexName) is in the directory")
    }
}
