import Foundation
import Testing

@testable import Storage

@Suite("SHA-256 against the FIPS 180-4 / NIST vectors")
struct SHA256Tests {
    @Test(
        "known vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ])
    func vectors(input: String, digest: String) {
        #expect(SHA256.hex(input) == digest)
        #expect(SHA256.hex(Data(input.utf8)) == digest)
    }

    @Test("a million 'a's")
    func million() {
        let a = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(a) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("lengths around the padding boundary differ and are 64 hex digits")
    func boundaries() {
        var seen = Set<String>()
        for n in 50...70 {
            let h = SHA256.hex([UInt8](repeating: 0x61, count: n))
            #expect(h.count == 64)
            seen.insert(h)
        }
        #expect(seen.count == 21)
        // 55 and 56 bytes straddle the one-block/two-block padding boundary.
        #expect(
            SHA256.hex([UInt8](repeating: 0x61, count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }

    @Test("contiguous and non-contiguous inputs, whole blocks read in place, give the same digests")
    func paths() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for n in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 191, 192, 255, 300] {
            let prefix = Array(bytes.prefix(n))
            let viaArray = SHA256.hash(prefix)
            let viaLazy = SHA256.hash(prefix.lazy.map { $0 })
            let viaData = SHA256.hash(Data(prefix))
            let viaSlice = SHA256.hash(bytes[0..<n])
            #expect(viaArray.count == 32)
            #expect(viaLazy == viaArray)
            #expect(viaData == viaArray)
            #expect(viaSlice == viaArray)
        }
    }
}
