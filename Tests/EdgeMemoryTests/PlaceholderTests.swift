import Testing
@testable import EdgeMemory
