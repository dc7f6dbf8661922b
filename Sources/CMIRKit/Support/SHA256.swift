import CCrypto
import Foundation

/// SHA-256 (FIPS 180-4) of a byte buffer, as lowercase hex, by OpenSSL's libcrypto (with the processor's SHA
/// instructions where it has them). The index keys an image's content by it, so a changed file is re-indexed and an
/// unchanged one is not; it also names a vocabulary and places shard names.
enum SHA256 {
    static func hex(of data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        data.withUnsafeBytes { bytes in
            _ = CCrypto.SHA256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &digest)
        }
        return digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
