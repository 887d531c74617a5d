import Testing
@testable import EdgeRuntime
