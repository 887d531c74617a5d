import Foundation

/// Paths of the repository's fixture and profile directories, found from this file's location.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repository.appendingPathComponent("Tests/Fixtures")
    static let profiles = repository.appendingPathComponent("DeviceProfiles")

    static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }
}
