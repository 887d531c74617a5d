import EdgeBench
import Foundation
import Testing

/// Digests checked against FIPS 180-4's examples and coreutils `sha256sum`.
@Test func sha256KnownVectors() {
    // FIPS 180-4 / NIST CSRC example "abc" and the two-block 448-bit message.
    #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    // `printf '' | sha256sum`
    #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    // `python3 -c "import hashlib;print(hashlib.sha256(b'a'*1000).hexdigest())"` (crosses 15 block boundaries)
    #expect(SHA256.hex(Data(repeating: 0x61, count: 1000))
            == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
}
