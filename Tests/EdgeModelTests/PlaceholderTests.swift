import Testing
@testable import EdgeModel
