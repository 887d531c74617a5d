import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

@Suite struct ModelFilesTests {
    static let gguf = fixtures.appendingPathComponent("gguf/tiny-llama-q4_0.gguf").path
    static let sharded = fixtures.appendingPathComponent("safetensors/tiny-llama-sharded")
    static let layerShared = fixtures.appendingPathComponent("safetensors/mobilellm-ls-tiny")

    @Test func picksTheReaderByMagicAndName() throws {
        #expect(try ModelFiles.open(path: Self.gguf) is GGUFWeights)
        #expect(try ModelFiles.open(path: Self.sharded.path) is SafetensorsWeights)
        let viaConfig = try ModelFiles.open(path: Self.layerShared.appendingPathComponent("config.json").path)
        #expect(viaConfig.config.sharing == .immediate)
        let viaIndex = try ModelFiles.open(path: Self.sharded.appendingPathComponent("model.safetensors.index.json").path)
        #expect(viaIndex.tensors.count == 2 * 9 + 2)
        let viaFile = try ModelFiles.open(path: Self.layerShared.appendingPathComponent("model.safetensors").path)
        #expect(viaFile.ropeStyle == .halves)
    }

    @Test func aGGUFFileWithAnotherExtensionIsStillGGUF() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try GGUFBuilder.llama().write(to: directory, name: "weights.bin")
        #expect(try ModelFiles.open(path: path).config == craftedConfig)
    }

    @Test func configOverride() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("other.json")
        try FileManager.default.copyItem(at: Self.layerShared.appendingPathComponent("config.json"), to: config)
        let weights = try ModelFiles.open(path: Self.sharded.path, configPath: config.path)
        #expect(weights.config.sharing == .immediate)
        #expect(weights.config.precision == .f32)
        let error = inputError { try ModelFiles.open(path: Self.gguf, configPath: config.path) }
        #expect(error?.field == "--model")
    }

    @Test func rejectsWhatItCannotRead() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(inputError { try ModelFiles.open(path: directory.appendingPathComponent("none").path) }?.reason == "does not exist")
        #expect(inputError { try ModelFiles.open(path: directory.path) }?.field == "model.safetensors")
        let text = directory.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: text)
        #expect(inputError { try ModelFiles.open(path: text.path) }?.file == text.path)
        let noConfig = try SafetensorsBuilder.llama().write(to: directory)
        #expect(inputError { try ModelFiles.open(path: noConfig) }?.file.hasSuffix("config.json") == true)
    }
}
