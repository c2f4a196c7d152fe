import JSONSchema
import JWTKit

/// The RS256 and ES256 keys of `auth.jwtPublicKeysFile`: PEM blocks (`PUBLIC KEY`, `RSA PUBLIC KEY`,
/// `CERTIFICATE`), or a JWKS document (or a single JWK) as identity providers publish them.
public struct PublicKeySet: Sendable {
    let keys: [VerificationKey]
    /// Keys of a JWKS document that Skylift does not use (encryption keys, other algorithms), described for a log
    /// line.
    public let skipped: [String]

    /// No keys.
    public init() {
        self.init(keys: [], skipped: [])
    }

    init(keys: [VerificationKey], skipped: [String]) {
        self.keys = keys
        self.skipped = skipped
    }

    /// Parses the file's text, making jwt-kit's verifier for each key.
    /// - Throws: `TokenSetupError` saying which block or key is wrong, or that there is no usable key at all.
    public static func parse(_ text: String) async throws(TokenSetupError) -> PublicKeySet {
        let collection = JWTKeyCollection()
        let set: PublicKeySet
        if text.drop(while: \.isWhitespace).first == "{" {
            set = try await jwks(text, collection: collection)
        } else {
            set = PublicKeySet(keys: try await pem(text, collection: collection), skipped: [])
        }
        guard !set.keys.isEmpty else {
            throw TokenSetupError("holds no RS256 or ES256 public key")
        }
        return set
    }

    // MARK: - PEM

    private static func pem(
        _ text: String,
        collection: JWTKeyCollection
    ) async throws(TokenSetupError)
        -> [VerificationKey]
    {
        let blocks = PEMBlock.all(in: text)
        guard !blocks.isEmpty else {
            throw TokenSetupError("holds neither a PEM public key nor a JWKS document")
        }
        var keys: [VerificationKey] = []
        for block in blocks {
            let place = "the \(block.label) block at line \(block.line)"
            if block.label.contains("PRIVATE KEY") {
                throw TokenSetupError("\(place) is a private key: give only public keys")
            }
            let kid = JWKIdentifier(string: "skylift-pem-\(keys.count)")
            switch block.label {
            case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE":
                if let key = Self.ecdsaKey(block) {
                    await collection.add(ecdsa: key, kid: kid)
                    keys.append(try await Self.key(.es256, kid: kid, name: nil, label: place, from: collection))
                } else if let key = Self.rsaKey(block) {
                    await collection.add(rsa: key, digestAlgorithm: .sha256, kid: kid)
                    keys.append(try await Self.key(.rs256, kid: kid, name: nil, label: place, from: collection))
                } else {
                    throw TokenSetupError("\(place) is neither an RSA nor a P-256 public key")
                }
            default:
                throw TokenSetupError("\(place) is not a public key or certificate")
            }
        }
        return keys
    }

    private static func ecdsaKey(_ block: PEMBlock) -> ES256PublicKey? {
        block.label == "CERTIFICATE"
            ? try? ES256PublicKey(certificate: block.text) : try? ES256PublicKey(pem: block.text)
    }

    private static func rsaKey(_ block: PEMBlock) -> Insecure.RSA.PublicKey? {
        block.label == "CERTIFICATE"
            ? try? Insecure.RSA.PublicKey(certificatePEM: block.text) : try? Insecure.RSA.PublicKey(pem: block.text)
    }

    // MARK: - JWKS

    private static func jwks(
        _ text: String,
        collection: JWTKeyCollection
    ) async throws(TokenSetupError)
        -> PublicKeySet
    {
        guard case .object(let document)? = try? JSONParser.parse(text) else {
            throw TokenSetupError("is not a valid JSON object (a JWKS document or a JWK)")
        }
        let entries: [JSONValue]
        if let list = document["keys"] {
            guard let array = list.arrayValue else { throw TokenSetupError("'keys' is not a list") }
            entries = array
        } else {
            entries = [.object(document)]
        }
        var keys: [VerificationKey] = []
        var skipped: [String] = []
        for (index, entry) in entries.enumerated() {
            guard case .object(let jwk) = entry else {
                throw TokenSetupError("key \(index + 1) is not a JSON object")
            }
            let name = jwk["kid"]?.stringValue
            let label = name.map { "key '\($0)'" } ?? "key \(index + 1)"
            switch try Self.usage(of: jwk, label: label) {
            case .skip(let reason):
                skipped.append("\(label): \(reason)")
            case .use(let algorithm):
                if let name, keys.contains(where: { $0.keyID == name }) {
                    throw TokenSetupError("\(label) appears more than once")
                }
                let kid = JWKIdentifier(string: "skylift-jwk-\(index)")
                do {
                    var decoded = try JWK(json: JSONValue.object(jwk).serialized())
                    decoded.keyIdentifier = kid
                    try await collection.add(jwk: decoded)
                } catch {
                    throw TokenSetupError("\(label) is not a valid \(algorithm.rawValue) public key: \(error)")
                }
                keys.append(try await Self.key(algorithm, kid: kid, name: name, label: label, from: collection))
            }
        }
        return PublicKeySet(keys: keys, skipped: skipped)
    }

    private enum Usage {
        case use(VerificationKey.Algorithm)
        case skip(String)
    }

    /// Whether a JWK is an RS256 or ES256 signature key; private key material stops startup.
    private static func usage(of jwk: JSONObject, label: String) throws(TokenSetupError) -> Usage {
        if jwk.contains("d") {
            throw TokenSetupError("\(label) holds private key material ('d'): give only public keys")
        }
        if let use = jwk["use"]?.stringValue, use != "sig" { return .skip("its use is '\(use)', not 'sig'") }
        let type = jwk["kty"]?.stringValue ?? ""
        let curve = jwk["crv"]?.stringValue
        let algorithm: VerificationKey.Algorithm
        switch jwk["alg"]?.stringValue {
        case nil where type == "RSA": algorithm = .rs256
        case nil where type == "EC" && curve == "P-256": algorithm = .es256
        case nil: return .skip("key type '\(type)'\(curve.map { " on curve \($0)" } ?? "") is not verified by Skylift")
        case let name?:
            guard let known = VerificationKey.Algorithm(rawValue: name), known != .hs256 else {
                return .skip("algorithm '\(name)' is not verified by Skylift (RS256 and ES256 are)")
            }
            algorithm = known
        }
        switch algorithm {
        case .rs256 where type != "RSA":
            throw TokenSetupError("\(label) is for RS256 but its key type is '\(type)', not 'RSA'")
        case .es256 where type != "EC" || curve != "P-256":
            throw TokenSetupError("\(label) is for ES256 but is not an EC key on curve P-256")
        default:
            return .use(algorithm)
        }
    }

    /// jwt-kit's verifier for the key just added under `kid`.
    private static func key(
        _ algorithm: VerificationKey.Algorithm,
        kid: JWKIdentifier,
        name: String?,
        label: String,
        from collection: JWTKeyCollection
    ) async throws(TokenSetupError) -> VerificationKey {
        do {
            let verifier = try await collection.getKey(for: kid, alg: algorithm.rawValue)
            guard verifier.name == algorithm.rawValue else {
                throw TokenSetupError("jwt-kit made a \(verifier.name) verifier for a \(algorithm.rawValue) key")
            }
            return VerificationKey(algorithm: algorithm, keyID: name, verifier: verifier)
        } catch let error as TokenSetupError {
            throw error
        } catch {
            throw TokenSetupError("\(label) is not a valid \(algorithm.rawValue) public key: \(error)")
        }
    }
}
