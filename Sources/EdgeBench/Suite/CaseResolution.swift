import EdgeMemory
import EdgeModel
import Foundation

extension LoadedSuite {
    /// The model of case `index` with its precision, strategy and repeats applied and validated; errors name
    /// the suite file and the case's field.
    public func config(forCase index: Int) throws -> ModelConfig {
        let item = suite.cases[index]
        let path = "cases[\(index)]"
        func fail(_ field: String, _ reason: String) -> InputError { InputError(file: self.path, field: "\(path).\(field)", reason) }
        var config: ModelConfig
        if let preset = Presets.named(item.model) {
            config = preset
        } else {
            let file = resolve(item.model)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
                throw fail("model", "'\(item.model)' is neither a preset (\(Presets.all.map(\.name).joined(separator: ", "))) "
                           + "nor an existing config.json")
            }
            config = try HFConfig.load(path: isDirectory.boolValue ? file + "/config.json" : file)
        }
        let strategy = item.strategy.flatMap(SharingStrategy.init(rawValue:)) ?? config.sharing
        if strategy == .none, let repeats = item.repeats, repeats != 1 {
            throw fail("repeats", "needs a sharing strategy; 'none' runs each block once")
        }
        let defaultRepeats = strategy == .none ? 1 : (config.sharing == .none ? 2 : config.repeats)
        config.sharing = strategy
        config.repeats = item.repeats ?? defaultRepeats
        if let name = item.precision, let precision = Precision(name: name) { config.precision = precision }
        try config.validate(source: "\(self.path) \(path)")
        guard item.prompt + item.tokens <= config.context else {
            throw fail("tokens", "prompt \(item.prompt) + tokens \(item.tokens) exceeds the model's context \(config.context)")
        }
        return config
    }

    /// The file a model reference names (nil for a preset).
    public func modelFile(forCase index: Int) -> String? {
        let model = suite.cases[index].model
        guard Presets.named(model) == nil else { return nil }
        let file = resolve(model)
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
        return isDirectory.boolValue ? file + "/config.json" : file
    }

    /// The profile file of case `index`'s device: a path relative to the suite, or an id found by `locator`.
    public func profileURL(forCase index: Int, locator: ProfileLocator) throws -> URL {
        let device = suite.cases[index].device
        return try locator.url(for: ProfileLocator.isPath(device) ? resolve(device) : device)
    }
}
