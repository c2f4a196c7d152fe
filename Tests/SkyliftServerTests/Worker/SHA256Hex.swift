import Crypto
import Foundation

/// Hex SHA-256, for checksum inputs.
enum SHA256Hex {
    static func of(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
