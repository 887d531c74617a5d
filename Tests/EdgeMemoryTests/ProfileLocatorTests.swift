import EdgeModel
import Foundation
import Testing
@testable import EdgeMemory

struct ProfileLocatorTests {
    let nested = Fixtures.repository.appendingPathComponent("Tests/Fixtures/cachesim")

    @Test func explicitDirectoryWins() throws {
        let locator = ProfileLocator(explicitDirectory: Fixtures.directory.appendingPathComponent("profiles").path,
                                     environment: [ProfileLocator.environmentKey: Fixtures.profiles.path],
                                     currentDirectory: nested, executableDirectory: nil)
        #expect(try locator.url(for: "valid").lastPathComponent == "valid.json")
    }

    @Test func environmentBeforeWalkingUp() throws {
        let fixtures = Fixtures.directory.appendingPathComponent("profiles").path
        let locator = ProfileLocator(environment: [ProfileLocator.environmentKey: fixtures],
                                     currentDirectory: nested, executableDirectory: nil)
        #expect(try locator.directory().path == fixtures)
    }

    @Test func walksUpFromCurrentDirectory() throws {
        let locator = ProfileLocator(environment: [:], currentDirectory: nested, executableDirectory: nil)
        #expect(try locator.directory().standardizedFileURL.path == Fixtures.profiles.standardizedFileURL.path)
        #expect(try locator.load("rpi5").id == "rpi5")
    }

    @Test func walksUpFromExecutableDirectory() throws {
        let locator = ProfileLocator(environment: [:], currentDirectory: URL(fileURLWithPath: "/"), executableDirectory: nested)
        #expect(try locator.load("pixel8").soc == "Google Tensor G3")
    }

    @Test func pathsAreReadDirectly() throws {
        #expect(ProfileLocator.isPath("a/b") && ProfileLocator.isPath("x.json") && !ProfileLocator.isPath("iphone13"))
        let locator = ProfileLocator(environment: [:], currentDirectory: Fixtures.directory, executableDirectory: nil)
        #expect(try locator.load("profiles/valid.json").id == "valid")
    }

    @Test func unknownIDIsAnInputError() throws {
        let locator = ProfileLocator(explicitDirectory: Fixtures.profiles.path, environment: [:])
        let error = try #require(throws: InputError.self) { try locator.url(for: "nokia3310") }
        #expect(error.file == "<command line>" && error.field == "--device")
        #expect(error.reason.contains("'nokia3310'") && error.reason.contains("iphone13"))
        let named = try #require(throws: InputError.self) { try locator.load("nokia3310", flag: "--hierarchy") }
        #expect(named.field == "--hierarchy")
    }

    @Test func missingDirectoryIsAnEnvironmentError() {
        let locator = ProfileLocator(environment: [:], currentDirectory: URL(fileURLWithPath: "/"), executableDirectory: nil)
        #expect(throws: EnvironmentError.self) { try locator.directory() }
    }
}
