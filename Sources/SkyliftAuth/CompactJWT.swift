import JSONSchema
import SkyliftDomain

/// A compact-serialised JWS split into its three parts, with the header and payload parsed (the signature is
/// checked by `JWTVerifier` before the payload is trusted).
struct CompactJWT {
    /// The header's `alg`.
    let algorithm: String
    /// The header's `kid`, when it has one.
    let keyID: String?
    /// `header.payload`, the bytes the signature covers.
    let signingInput: Substring
    /// The decoded signature (empty for a stripped one).
    let signature: [UInt8]
    /// The payload as it was sent; parsed only once the signature holds.
    let encodedPayload: Substring

    /// How deep a header or payload may nest (claims are flat; a nested roles path needs two levels).
    static let maxDepth = 16

    /// Whether `token` has the shape of a JWS: three non-empty-or-signature-empty parts separated by dots.
    static func looksLikeJWT(_ token: String) -> Bool {
        token.utf8.lazy.filter { $0 == UInt8(ascii: ".") }.count == 2
    }

    /// Splits and decodes `token`.
    /// - Throws: `TokenRejection.malformed` naming the part that is wrong.
    init(_ token: String) throws(TokenRejection) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("a JWT has three parts separated by dots") }
        guard let headerBytes = Base64URL.decode(parts[0]) else {
            throw .malformed("its header is not base64url")
        }
        guard case .object(let header)? = try? JSONParser.parse(headerBytes, options: Self.parseOptions) else {
            throw .malformed("its header is not a JSON object")
        }
        guard let algorithm = header["alg"]?.stringValue else {
            throw .malformed("its header names no algorithm (alg)")
        }
        if header.contains("crit") {
            throw .malformed("its header lists critical extensions (crit) that this server does not implement")
        }
        switch header["kid"] {
        case nil: keyID = nil
        case .string(let kid)?: keyID = kid
        default: throw .malformed("its key id (kid) is not a string")
        }
        guard let signature = Base64URL.decode(parts[2]) else {
            throw .malformed("its signature is not base64url")
        }
        self.algorithm = algorithm
        self.signature = signature
        self.signingInput = token[parts[0].startIndex..<parts[1].endIndex]
        self.encodedPayload = parts[1]
    }

    /// The payload's claims.
    /// - Throws: `TokenRejection.malformed` when the payload is not base64url JSON, `.invalidClaim` when it is JSON
    ///   but not an object.
    func claims() throws(TokenRejection) -> JSONObject {
        guard let bytes = Base64URL.decode(encodedPayload) else {
            throw .malformed("its payload is not base64url")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, options: Self.parseOptions)
        } catch .duplicateKey {
            throw .malformed("its payload repeats a claim")
        } catch {
            throw .malformed("its payload is not JSON")
        }
        guard case .object(let object) = value else {
            throw .invalidClaim("the payload is a JSON \(value.typeName), not an object")
        }
        return object
    }

    /// Strict parsing: shallow, and a repeated member name is an error rather than a silent choice.
    private static let parseOptions = JSONParser.Options(maxDepth: maxDepth, duplicateKeys: .reject)
}
