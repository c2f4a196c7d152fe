import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftServer
import SkyliftTesting
import Testing

/// RS256 and ES256 tokens verified with `auth.jwtPublicKeysFile`, as identity providers sign them.
@Suite struct TokenKeysTests {
    /// A service whose public keys file holds `contents`; `secret` adds the HS256 secret too.
    static func service(keys contents: String, secret: Bool = false) async throws -> (TestService, TemporaryDirectory) {
        let folder = try TemporaryDirectory(prefix: "skylift-keys-")
        let path = folder.url.appendingPathComponent("keys").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        let service = try await TestService.tokenMode {
            $0.jwtPublicKeysFile = path
            if secret { $0.jwtSecret = TestTokens.secret }
        }
        return (service, folder)
    }

    static func jwks(_ keys: [JSONValue]) -> String { JSONValue.object(["keys": .array(keys)]).serialized() }

    @Test("ES256 and RS256 tokens verify against PEM public keys; a token signed by another key does not")
    func pem() async throws {
        let es256 = TestSigningKey.newES256()
        let rs256 = try TestSigningKey.newRS256()
        let (service, folder) = try await Self.service(
            keys: (es256.publicKeyPEM ?? "") + "\n" + (rs256.publicKeyPEM ?? "")
        )
        try await service.test { client in
            #expect(try await client.send(.get, "/v2/tasks", token: service.token(key: es256)).status == .ok)
            #expect(try await client.send(.get, "/v2/tasks", token: service.token(key: rs256)).status == .ok)
            let stranger = try await client.send(.get, "/v2/tasks", token: service.token(key: .newES256()))
            #expect(stranger.message == "The token's signature is not valid.")
        }
        _ = folder
    }

    @Test("a JWKS document: kid selects the key, an unknown kid or a kid of the wrong type is refused")
    func jwksKidSelection() async throws {
        let first = TestSigningKey.newES256()
        let second = try TestSigningKey.newRS256()
        let document = Self.jwks([
            try first.jwk(kid: "ec-1"), try second.jwk(kid: "rsa-1", withAlgorithm: false),
            ["kty": "RSA", "kid": "enc-1", "use": "enc", "n": "AQAB", "e": "AQAB"],
        ])
        let (service, folder) = try await Self.service(keys: document)
        try await service.test { client in
            #expect(
                try await client.send(.get, "/v2/tasks", token: service.token(key: first, kid: "ec-1")).status == .ok
            )
            #expect(
                try await client.send(.get, "/v2/tasks", token: service.token(key: second, kid: "rsa-1")).status == .ok
            )
            #expect(try await client.send(.get, "/v2/tasks", token: service.token(key: first)).status == .ok)
            let crossed = try await client.send(.get, "/v2/tasks", token: service.token(key: .newES256(), kid: "ec-1"))
            #expect(crossed.message == "The token's signature is not valid.")
            let unknown = try await client.send(.get, "/v2/tasks", token: service.token(key: first, kid: "ec-9"))
            #expect(unknown.message == "The token names a signing key (kid) that this server does not know.")
            let wrongType = try await client.send(.get, "/v2/tasks", token: service.token(key: first, kid: "rsa-1"))
            #expect(wrongType.status == .unauthorized)
        }
        _ = folder
    }

    @Test("key confusion: an HS256 token keyed with the public key is refused when only public keys are configured")
    func keyConfusion() async throws {
        let es256 = TestSigningKey.newES256()
        let pem = es256.publicKeyPEM ?? ""
        let forged = TestSigningKey.hs256(pem)
        let (service, folder) = try await Self.service(keys: pem)
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/tasks", token: service.token(key: forged))
            #expect(reply.status == .unauthorized)
            #expect(
                reply.message == "The token's signing algorithm is not accepted: 'HS256' is not accepted here; "
                    + "accepted: ES256."
            )
        }
        let (both, folder2) = try await Self.service(keys: pem, secret: true)
        try await both.test { client in
            let reply = try await client.send(.get, "/v2/tasks", token: both.token(key: forged))
            #expect(reply.message == "The token's signature is not valid.", "HS256 is checked with the secret only")
            #expect(try await client.send(.get, "/v2/tasks", token: both.token()).status == .ok)
            #expect(try await client.send(.get, "/v2/tasks", token: both.token(key: es256)).status == .ok)
        }
        _ = (folder, folder2)
    }

    @Test("a single JWK, a certificate-free PEM and tokens of an algorithm without keys")
    func singleJWK() async throws {
        let key = TestSigningKey.newES256()
        let (service, folder) = try await Self.service(keys: try key.jwk(kid: nil).serialized())
        try await service.test { client in
            #expect(try await client.send(.get, "/v2/tasks", token: service.token(key: key)).status == .ok)
            let rsa = try await client.send(.get, "/v2/tasks", token: service.token(key: try .newRS256()))
            #expect(
                rsa.message == "The token's signing algorithm is not accepted: 'RS256' is not accepted here; "
                    + "accepted: ES256."
            )
        }
        _ = folder
    }
}
