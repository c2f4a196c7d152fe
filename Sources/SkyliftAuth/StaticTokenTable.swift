import Crypto
import SkyliftDomain

/// One entry of `auth.tokensFile`: the SHA-256 of a token (never the token) and the principal it stands for.
public struct StaticToken: Sendable, Equatable {
    /// The 32 bytes of the token's SHA-256.
    public var digest: [UInt8]
    public var principal: Principal

    public init(digest: [UInt8], principal: Principal) {
        self.digest = digest
        self.principal = principal
    }

    /// The 32 bytes spelt by 64 hex digits (either case), or nil for anything else.
    public static func digest(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64, hex.allSatisfy(\.isHexDigit) else { return nil }
        let bytes = stride(from: 0, to: 64, by: 2).compactMap {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)
        }
        return bytes.count == 32 ? bytes : nil
    }
}

/// The static tokens, looked up by digest in constant time: every entry is compared, every byte of each.
struct StaticTokenTable: Sendable {
    let tokens: [StaticToken]

    /// The principal of the token whose SHA-256 is `digest`, if the table holds it.
    func principal(for digest: SHA256Digest) -> Principal? {
        guard !tokens.isEmpty else { return nil }
        let presented = Array(digest)
        var found: Principal?
        for token in tokens where Self.constantTimeEqual(token.digest, presented) {
            found = token.principal
        }
        return found
    }

    /// Whether `a` and `b` hold the same bytes, taking the same time wherever they differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
