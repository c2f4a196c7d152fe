import HTTPTypes
import HummingbirdTesting
import JSONSchema
import SkyliftAPI
import SkyliftDomain
import SkyliftServer
import SkyliftTesting
import Testing

@Suite struct TokenIdentityTests {
    @Test("roles come from the token: a reader cannot create (403), a member can, an admin lists every project")
    func rolesFromToken() async throws {
        let service = try await TestService.tokenMode()
        try await service.test { client in
            let reader = try await client.send(
                .post,
                "/v2/tasks",
                token: service.token(.reader()),
                body: Bodies.importTask()
            )
            #expect(reader.status == .forbidden)
            #expect(reader.message == "You are not authorized to complete add_task action.")
            let member = try await client.send(
                .post,
                "/v2/tasks",
                token: service.token(.member()),
                body: Bodies.importTask()
            )
            #expect(member.status == .created)
            #expect(member["owner"] == .string(Projects.b))
            let own = try await client.send(.get, "/v2/tasks", token: service.token(.member(Projects.c)))
            #expect(own["tasks"]?.arrayValue?.count == 0)
            let all = try await client.send(.get, "/v2/tasks", token: service.token(.admin(Projects.c)))
            #expect(all.status == .ok)
            #expect(all["tasks"]?.arrayValue?.count == 1, "\(all.text)")
        }
    }

    @Test("Authorization: Bearer works like X-Auth-Token; identity headers are ignored, even an admin's")
    func headersIgnored() async throws {
        let service = try await TestService.tokenMode()
        try await service.test { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(try service.token(.member()))"]
            #expect(try await client.send(.get, "/v2/tasks", headers: bearer).status == .ok)
            let onlyHeaders = try await client.send(.get, "/v2/tasks", as: .admin())
            #expect(onlyHeaders.status == .unauthorized)
            #expect(onlyHeaders.message?.contains("carries no token") == true)
            var badTokenAndHeaders = TestIdentity.admin().headers
            badTokenAndHeaders[HTTPField.Name("X-Auth-Token")!] = "not-a-token"
            let reply = try await client.send(.get, "/v2/tasks", headers: badTokenAndHeaders)
            #expect(reply.status == .unauthorized)
            #expect(reply.message == "The token is not known to this server.")
        }
    }

    @Test("two different tokens, a repeated header or another Authorization scheme are refused")
    func ambiguousCarriers() async throws {
        let service = try await TestService.tokenMode()
        try await service.test { client in
            let token = try service.token()
            let cases: [(HTTPFields, String)] = [
                ([.authorization: "Bearer \(token)x", HTTPField.Name("X-Auth-Token")!: token], "different tokens"),
                ([.authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l"], "'Bearer <token>'"),
                ([.authorization: "Bearer"], "'Bearer <token>'"),
            ]
            for (headers, fragment) in cases {
                let reply = try await client.send(.get, "/v2/tasks", headers: headers)
                #expect(reply.status == .unauthorized)
                #expect(reply.message?.contains(fragment) == true, "\(reply.text)")
            }
            var twice: HTTPFields = [.accept: "application/json"]
            twice.append(HTTPField(name: HTTPField.Name("X-Auth-Token")!, value: token))
            twice.append(HTTPField(name: HTTPField.Name("X-Auth-Token")!, value: token))
            let repeated = try await client.execute(uri: "/v2/tasks", method: .get, headers: twice) { JSONReply($0) }
            #expect(repeated.message == "The request carries more than one X-Auth-Token header.")
        }
    }

    @Test("a token stays good until its exp, also once cached, and not a moment longer")
    func expiryFollowsTheClock() async throws {
        let service = try await TestService.tokenMode()
        try await service.test { client in
            let token = try service.token(.member(), lifetime: 60)
            #expect(try await client.send(.get, "/v2/tasks", token: token).status == .ok)
            #expect(try await client.send(.get, "/v2/tasks", token: token).status == .ok)
            service.clock.advance(seconds: 61)
            let expired = try await client.send(.get, "/v2/tasks", token: token)
            #expect(expired.status == .unauthorized)
            #expect(expired.message == "The token has expired.")
        }
    }

    @Test("renamed claims: auth.jwtProjectClaim and auth.jwtRolesClaim, a dotted name reaching into an object")
    func renamedClaims() async throws {
        let service = try await TestService.tokenMode {
            $0.jwtSecret = TestTokens.secret
            $0.jwtProjectClaim = "tenant"
            $0.jwtRolesClaim = "realm_access.roles"
        }
        try await service.test { client in
            let seconds = service.nowSeconds
            let claims: JSONObject = [
                "sub": "kc-user", "tenant": .string(Projects.c), "realm_access": ["roles": ["member"]],
                "exp": .integer(seconds + 60),
            ]
            let token = try TestTokens.jwt(claims, key: .hs256(TestTokens.secret))
            let created = try await client.send(.post, "/v2/tasks", token: token, body: Bodies.importTask())
            #expect(created.status == .created)
            #expect(created["owner"] == .string(Projects.c))
            let standard = try await client.send(.get, "/v2/tasks", token: service.token(.member()))
            #expect(standard.message == "The token's claims are not acceptable: the tenant claim is required.")
        }
    }
}
