import EdgeKernels
import Testing

/// The exact simulator's tag search (EdgeKernels cache_tags.c), every path this CPU runs, against a plain scan.
@Suite struct TagSearchTests {
    /// Rows of 8, 16 and 24 distinct tags: the index of each tag present; -1 for a tag absent, also one differing
    /// from a present tag only in its high or low 32 bits (a 32-bit compare would match it); the first of two
    /// equal tags.
    @Test func everyPathAgreesWithAScan() {
        let paths = [EK_PATH_PORTABLE, EK_PATH_AVX2, EK_PATH_AVX512, EK_PATH_NEON, EK_PATH_NEON_DOTPROD]
        let searches = paths.compactMap { ek_tag_search_for($0) }
        #expect(ek_tag_search_for(EK_PATH_PORTABLE) != nil)
        #expect(searches.count == paths.filter { ek_path_supported($0) != 0 }.count)
        for count in [8, 16, 24] {
            var row = (1...count).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
            for search in searches {
                #expect(search(row, count, 0) == -1)
                for i in 0..<count {
                    #expect(search(row, count, row[i]) == i)
                    #expect(search(row, count, row[i] ^ (1 << 40)) == -1)
                    #expect(search(row, count, row[i] ^ 1) == -1)
                }
            }
            row[count - 1] = row[2]
            for search in searches { #expect(search(row, count, row[2]) == 2) }
        }
    }
}
