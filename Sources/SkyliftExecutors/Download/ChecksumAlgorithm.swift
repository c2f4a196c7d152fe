/// A digest algorithm the import `checksum` input may name (contract §7.2).
public enum ChecksumAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// MD5 (Glance's `checksum`).
    case md5
    /// SHA-1.
    case sha1
    /// SHA-256.
    case sha256
    /// SHA-512 (Glance's `os_hash_value`).
    case sha512
}

/// The checksum a download must match: an algorithm and the expected digest in hex.
public struct ExpectedChecksum: Sendable, Hashable {
    /// The algorithm.
    public var algorithm: ChecksumAlgorithm
    /// The expected digest, hex (compared case-insensitively).
    public var hex: String

    /// A checksum of `algorithm` expected to be `hex`.
    public init(algorithm: ChecksumAlgorithm, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }
}
