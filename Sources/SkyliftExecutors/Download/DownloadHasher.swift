import Crypto

/// Hashes streamed bytes with MD5, SHA-512 and the requested algorithm in one pass.
struct DownloadHasher {
    private var md5: Insecure.MD5? = Insecure.MD5()
    private var sha512 = SHA512()
    private var sha1: Insecure.SHA1?
    private var sha256: SHA256?
    private let requested: ChecksumAlgorithm?

    /// A hasher that also computes `requested` (SHA-512 is always computed, MD5 unless `md5` is false because
    /// another lane computes it).
    init(requested: ChecksumAlgorithm?, md5: Bool = true) {
        self.requested = requested
        if !md5 { self.md5 = nil }
        if requested == .sha1 { sha1 = Insecure.SHA1() }
        if requested == .sha256 { sha256 = SHA256() }
    }

    /// Feeds `bytes` to every digest.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        md5?.update(bufferPointer: bytes)
        sha512.update(bufferPointer: bytes)
        sha1?.update(bufferPointer: bytes)
        sha256?.update(bufferPointer: bytes)
    }

    /// The hex digests: MD5, SHA-512, and the requested one (nil when none was requested). When this hasher
    /// computed no MD5, `md5Lane` gives it.
    func finalize(md5Lane: String? = nil) -> (md5: String, sha512: String, requested: String?) {
        let md5Hex = md5.map { Self.hex($0.finalize()) } ?? md5Lane ?? ""
        let sha512Hex = Self.hex(sha512.finalize())
        let requestedHex: String?
        switch requested {
        case .md5: requestedHex = md5Hex
        case .sha512: requestedHex = sha512Hex
        case .sha1: requestedHex = sha1.map { Self.hex($0.finalize()) }
        case .sha256: requestedHex = sha256.map { Self.hex($0.finalize()) }
        case nil: requestedHex = nil
        }
        return (md5Hex, sha512Hex, requestedHex)
    }

    /// Lower-case hex of a digest.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
