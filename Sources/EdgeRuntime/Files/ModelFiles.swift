import Foundation
import EdgeModel

/// Opens model weights from disk, choosing the reader by content and name.
public enum ModelFiles {
    /// Opens `path`:
    /// - a file starting with the `GGUF` magic, or named `*.gguf` → `GGUFWeights`;
    /// - a directory, a `config.json`, a `.safetensors` file or a `*.index.json` → `SafetensorsWeights` for the
    ///   checkpoint in that directory.
    ///
    /// `configPath` names a `config.json` elsewhere (safetensors only; a GGUF file carries its own metadata).
    public static func open(path: String, configPath: String? = nil) throws -> any WeightSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, field: "file", "does not exist")
        }
        if isDirectory.boolValue { return try SafetensorsWeights(directory: path, configPath: configPath) }
        try InputFile.requireRegular(path)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        if try url.pathExtension.lowercased() == "gguf" || startsWithGGUFMagic(path) {
            if let configPath {
                throw InputError(file: configPath, field: "--model", "a GGUF file carries its own config; drop --model")
            }
            return try GGUFWeights(path: path)
        }
        if url.lastPathComponent == SafetensorsWeights.configName {
            return try SafetensorsWeights(directory: directory, configPath: configPath ?? path)
        }
        if url.pathExtension == "safetensors" || url.lastPathComponent.hasSuffix(".index.json") {
            return try SafetensorsWeights(directory: directory, weights: path, configPath: configPath)
        }
        throw InputError(file: path, field: "file",
                         "neither GGUF (magic) nor a safetensors checkpoint (.safetensors, index.json, config.json)")
    }

    private static func startsWithGGUFMagic(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, field: "file", "cannot be read")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head == Data("GGUF".utf8)
    }
}
