import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftServer
import SkyliftTesting
import Testing

/// Every way a token is refused in token mode: a 401 whose JSON message says what was wrong and never repeats the
/// token.
@Suite struct TokenRejectionTests {
    enum BadToken: String, CaseIterable, Sendable {
        case expired, notYetValid, badSignature, wrongAudience, wrongIssuer, unknownStatic, algNone, hs512
        case strippedSignature, unknownAlgorithm, twoParts, notBase64, hundredKilobytes, nonASCII, nulByte
        case payloadArray, payloadNotJSON, rolesString, rolesNumbers, missingExp, expString, missingProject
        case duplicateClaim, critHeader, headerNotObject, projectNUL, roleControl

        /// The token, made for a service whose clock reads `now` seconds.
        func token(now seconds: Int64) throws -> String {
            let key = TestSigningKey.hs256(TestTokens.secret)
            var claims: JSONObject = [
                "sub": "alice", "project_id": .string(Projects.a), "roles": ["member"], "exp": .integer(seconds + 600),
                "iss": "https://issuer.example", "aud": ["skylift", "other"],
            ]
            func signed(_ header: JSONValue = ["alg": "HS256"], payload: String? = nil) throws -> String {
                try TestTokens.jwt(header: header, payload: payload ?? JSONValue.object(claims).serialized(), key: key)
            }
            switch self {
            case .expired: claims["exp"] = .integer(seconds - 1)
            case .notYetValid: claims["nbf"] = .integer(seconds + 30)
            case .badSignature: return try TestTokens.jwt(claims, key: .hs256(TestTokens.secret + "x"))
            case .wrongAudience: claims["aud"] = "someone-else"
            case .wrongIssuer: claims["iss"] = "https://evil.example"
            case .unknownStatic: return "0123456789abcdef-not-a-jwt"
            case .algNone: return try TestTokens.jwt(header: ["alg": "none"], payload: "{}", key: nil)
            case .hs512: return try signed(["alg": "HS512"])
            case .strippedSignature:
                let token = try signed()
                return String(token[...token.lastIndex(of: ".")!])
            case .unknownAlgorithm: return try signed(["alg": .string("XX999-secret-\(TestTokens.secret)")])
            case .twoParts: return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0"
            case .notBase64: return "e%J.eyJzdWIiOiJ4In0.c2ln"
            case .hundredKilobytes: return try signed() + String(repeating: "A", count: 100_000)
            case .nonASCII: return try signed() + "é"
            case .nulByte:
                let token = try signed()
                return String(token.prefix(20)) + "\u{0}" + String(token.dropFirst(20))
            case .payloadArray: return try signed(payload: "[1, 2, 3]")
            case .payloadNotJSON: return try signed(payload: "{not json")
            case .rolesString: claims["roles"] = "admin"
            case .rolesNumbers: claims["roles"] = ["admin", 7]
            case .missingExp: claims["exp"] = nil
            case .expString: claims["exp"] = "tomorrow"
            case .missingProject: claims["project_id"] = nil
            case .projectNUL: claims["project_id"] = "a\u{0}b"
            case .roleControl: claims["roles"] = ["member\u{1b}[31m"]
            case .duplicateClaim:
                return try signed(payload: #"{"project_id": "a", "project_id": "b", "exp": \#(seconds + 60)}"#)
            case .critHeader: return try signed(["alg": "HS256", "crit": ["exp"]])
            case .headerNotObject: return try TestTokens.jwt(header: ["HS256"], payload: "{}", key: key)
            }
            return try signed()
        }

        /// What the 401 message says.
        var message: String {
            switch self {
            case .expired: "The token has expired."
            case .notYetValid: "The token is not valid yet (its nbf is in the future)."
            case .badSignature: "The token's signature is not valid."
            case .wrongAudience: "The token is meant for another audience: aud must include 'skylift'."
            case .wrongIssuer: "The token was issued by another issuer: iss must be 'https://issuer.example'."
            case .unknownStatic: "The token is not known to this server."
            case .algNone:
                "The token's signing algorithm is not accepted: 'none' is not accepted here; accepted: HS256."
            case .hs512: "The token's signing algorithm is not accepted: 'HS512' is not accepted here; accepted: HS256."
            case .strippedSignature: "The token is not signed: its signature part is empty."
            case .unknownAlgorithm:
                "The token's signing algorithm is not accepted: the token's algorithm is not accepted here; "
                    + "accepted: HS256."
            case .twoParts: "The token is not known to this server."
            case .notBase64: "The token is malformed: its header is not base64url."
            case .hundredKilobytes: "The token is malformed: it is longer than 16384 bytes."
            case .nonASCII, .nulByte: "The token is malformed: it holds bytes other than printable ASCII."
            case .payloadArray: "The token's claims are not acceptable: the payload is a JSON array, not an object."
            case .payloadNotJSON: "The token is malformed: its payload is not JSON."
            case .rolesString: "The token's claims are not acceptable: roles must be a list of strings, not a string."
            case .rolesNumbers:
                "The token's claims are not acceptable: roles must be a list of strings of at most 255 characters."
            case .missingExp: "The token's claims are not acceptable: the exp claim is required."
            case .expString:
                "The token's claims are not acceptable: exp must be a number of seconds since the epoch, not a string."
            case .missingProject: "The token's claims are not acceptable: the project_id claim is required."
            case .duplicateClaim: "The token is malformed: its payload repeats a claim."
            case .projectNUL: "The token's claims are not acceptable: project_id must not hold control characters."
            case .roleControl: "The token's claims are not acceptable: roles must not hold control characters."
            case .critHeader:
                "The token is malformed: its header lists critical extensions (crit) that this server does not "
                    + "implement."
            case .headerNotObject: "The token is malformed: its header is not a JSON object."
            }
        }
    }

    static func service() async throws -> TestService {
        try await TestService.tokenMode {
            $0.jwtSecret = TestTokens.secret
            $0.jwtIssuer = "https://issuer.example"
            $0.jwtAudience = "skylift"
        }
    }

    @Test("each bad token is a 401 with a JSON message naming the fault, never the token", arguments: BadToken.allCases)
    func rejected(bad: BadToken) async throws {
        let service = try await Self.service()
        try await service.test { client in
            let token = try bad.token(now: service.nowSeconds)
            let reply = try await client.send(.post, "/v2/tasks", token: token, body: Bodies.importTask())
            #expect(reply.status == .unauthorized)
            #expect(reply.headers[.contentType] == "application/json")
            #expect(reply["code"] == .string("401 Unauthorized"))
            #expect(reply.message == bad.message)
            #expect(reply.headers[.wwwAuthenticate] == #"Bearer realm="skylift", error="invalid_token""#)
            let signature = token.split(separator: ".").last.map(String.init) ?? token
            #expect(!reply.text.contains(signature) && !reply.text.contains("XX999"), "the reply repeats the token")
        }
    }

    @Test("a good token passes the same checks (the cases above differ from it in one thing each)")
    func accepted() async throws {
        let service = try await Self.service()
        try await service.test { client in
            let seconds = service.nowSeconds
            let claims: JSONObject = [
                "sub": "alice", "project_id": .string(Projects.a), "roles": ["member"], "exp": .integer(seconds + 600),
                "nbf": .integer(seconds - 5), "iss": "https://issuer.example", "aud": ["skylift", "other"],
            ]
            let token = try TestTokens.jwt(claims, key: .hs256(TestTokens.secret))
            let reply = try await client.send(.post, "/v2/tasks", token: token, body: Bodies.importTask())
            #expect(reply.status == .created)
        }
    }

    @Test("no token is a 401 too, and clients that accept */* get the same message as text/plain")
    func missingToken() async throws {
        let service = try await Self.service()
        try await service.test { client in
            let json = try await client.send(.get, "/v2/tasks")
            #expect(json.status == .unauthorized)
            #expect(json.message == "The request carries no token: send one in X-Auth-Token or Authorization: Bearer.")
            #expect(json.headers[.wwwAuthenticate] == #"Bearer realm="skylift""#)
            let text = try await client.send(.get, "/v2/tasks", token: "nope", headers: [.accept: "*/*"])
            #expect(text.headers[.contentType] == "text/plain; charset=UTF-8")
            #expect(text.text == "401 Unauthorized\n\nThe token is not known to this server.")
        }
    }
}
