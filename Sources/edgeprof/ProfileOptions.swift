import ArgumentParser
import EdgeMemory

/// `--profiles-dir`: where commands that take a device look for `DeviceProfiles/<id>.json`.
struct ProfileOptions: ParsableArguments {
    @Option(name: .customLong("profiles-dir"), help: "Directory of device profiles (default: DeviceProfiles/).")
    var profilesDirectory: String?

    /// The locator for these options (then `$EDGEPROF_PROFILES`, then a `DeviceProfiles/` found walking up).
    var locator: ProfileLocator { ProfileLocator(explicitDirectory: profilesDirectory) }
}
