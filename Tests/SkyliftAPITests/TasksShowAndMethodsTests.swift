import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SkyliftAPI
import SkyliftTesting
import Testing

@Suite struct TasksShowAndMethodsTests {
    @Test("another project's task, a missing id and a non-UUID id all read as the same 404")
    func notFound() async throws {
        let service = try await TestService()
        try await service.test { client in
            let ids = try await TasksListTests.create(1, as: .member(Projects.b), client)
            for (id, identity) in [
                (ids[0], TestIdentity.member(Projects.c, user: "carl")),
                ("7d620bef-0be7-41b3-aaa1-651036ab3001", .admin()),
                ("NON_EXISTENT_TASK", .admin()),
            ] {
                let reply = try await client.send(.get, "/v2/tasks/\(id)", as: identity)
                #expect(reply.status == .notFound)
                #expect(reply.message == "Could not find task \(id)")
                ResponseSchemaCheck.error(reply)
            }
            let own = try await client.send(.get, "/v2/tasks/\(ids[0])", as: .member(Projects.b))
            #expect(own.status == .ok)
            ResponseSchemaCheck.task(own, service)
            let admin = try await client.send(.get, "/v2/tasks/\(ids[0])", as: .admin())
            #expect(admin.status == .ok)
        }
    }

    @Test("DELETE is 405 with Allow: GET after policy, whether or not the task exists; the task stays")
    func deleteRejected() async throws {
        let service = try await TestService()
        try await service.test { client in
            let ids = try await TasksListTests.create(1, as: .admin(), client)
            for id in [ids[0], "7d620bef-0be7-41b3-aaa1-651036ab3001"] {
                let reply = try await client.send(.delete, "/v2/tasks/\(id)", as: .admin())
                #expect(reply.status == .methodNotAllowed)
                #expect(reply.headers[.allow] == "GET")
                #expect(
                    reply.message
                        == "This operation is currently not permitted on Glance Tasks. They are auto deleted after "
                        + "reaching the time based on their expires_at property."
                )
            }
            #expect(try await client.send(.get, "/v2/tasks/\(ids[0])", as: .admin()).status == .ok)
        }
    }

    @Test(
        "methods that do not exist are 405 with the Allow header of the path",
        arguments: [
            (HTTPRequest.Method.put, "/v2/tasks/x", "GET, DELETE"), (.patch, "/v2/tasks/x", "GET, DELETE"),
            (.head, "/v2/tasks/x", "GET, DELETE"), (.post, "/v2/tasks/x", "GET, DELETE"),
            (.put, "/v2/tasks", "GET, POST"), (.patch, "/v2/tasks", "GET, POST"),
            (.delete, "/v2/tasks", "GET, POST"), (.head, "/v2/tasks", "GET, POST"),
            (.post, "/v2/schemas/task", "GET"), (.delete, "/v2/schemas/tasks", "GET"),
            (.put, "/v2/schemas/task-input/import", "GET"),
        ]
    )
    func methodNotAllowed(method: HTTPRequest.Method, path: String, allow: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(method, path, as: .admin())
            #expect(reply.status == .methodNotAllowed)
            #expect(reply.headers[.allow] == allow)
        }
    }

    @Test(
        "any other method on a known path, WebDAV's and made-up ones too, is 405 with Allow; 401 first where needed",
        arguments: [
            ("PROPFIND", "/v2/tasks", "GET, POST", true), ("MKCOL", "/v2/tasks/x", "GET, DELETE", true),
            ("BREW", "/v2/tasks/x/cancel", "POST", true), ("TRACE", "/v2/images/x/file", "GET", true),
            ("PROPFIND", "/v2/schemas/task", "GET", false), ("PURGE", "/healthcheck", "GET", false),
            ("DELETE", "/versions", "GET", false),
        ]
    )
    func anyOtherMethod(method: String, path: String, allow: String, needsIdentity: Bool) async throws {
        let service = try await TestService()
        let method = try #require(HTTPRequest.Method(method))
        try await service.test { client in
            let reply = try await client.send(method, path, as: .admin())
            #expect(reply.status == .methodNotAllowed)
            #expect(reply.headers[.allow] == allow)
            ResponseSchemaCheck.error(reply)
            let anonymous = try await client.send(method, path, as: nil)
            #expect(anonymous.status == (needsIdentity ? .unauthorized : .methodNotAllowed))
            #expect(try await client.send(method, path + "/nothing/here", as: .admin()).status == .notFound)
        }
    }

    @Test("every path the router serves refuses the methods it does not serve, naming those it does")
    func everyKnownPath() async throws {
        let service = try await TestService()
        let routes = KnownRoutes()
        _ = buildRouter(service.dependencies, knownRoutes: routes)
        #expect(routes.all.count >= 19, "tasks, images, info, schemas, versions, health")
        let app = Application(router: buildRouter(service.dependencies), logger: Logger(label: "methods"))
        try await app.test(.router) { client in
            for entry in routes.all {
                let path = entry.path.replacingOccurrences(of: "{id}", with: "x")
                    .replacingOccurrences(of: "{type}", with: "import")
                let refused = HTTPRequest.Method.allStandard.filter { !entry.methods.contains($0) }
                for method in refused {
                    let reply = try await client.send(method, path, as: .admin())
                    #expect(reply.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(reply.headers[.allow] == entry.methods.map(\.rawValue).joined(separator: ", "))
                }
            }
        }
    }

    @Test("an unknown path is a JSON 404")
    func unknownPath() async throws {
        let service = try await TestService()
        try await service.test { client in
            let reply = try await client.send(.get, "/v2/nothing-here", as: .admin())
            #expect(reply.status == .notFound)
            ResponseSchemaCheck.error(reply)
        }
    }
}

extension HTTPRequest.Method {
    /// The methods of RFC 9110 and PATCH.
    static let allStandard: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]
}
