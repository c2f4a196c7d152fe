import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONSchema
import Logging
import SkyliftTesting
import Testing

@testable import SkyliftAPI

/// Contract §12 `/openapi.json`: valid OpenAPI 3.1 by openapi-spec-validator, naming exactly the routes served.
@Suite struct OpenAPITests {
    /// The dependencies of a full API process: tasks, images, and `/metrics`.
    static func dependencies(_ service: TestService) -> APIDependencies {
        var dependencies = service.dependencies
        dependencies.exposition = { [] }
        return dependencies
    }

    @Test("the document validates, and its operations are exactly the router's routes")
    func validAndComplete() async throws {
        let service = try await TestService()
        let routes = KnownRoutes()
        let app = Application(
            router: buildRouter(Self.dependencies(service), knownRoutes: routes),
            logger: Logger(label: "openapi")
        )
        try await app.test(.router) { client in
            let reply = try await client.send(.get, "/openapi.json", as: nil)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "application/json")
            let listed = try TestPython.run("validate-openapi.py", input: Data(reply.text.utf8))
            let documented = Set(String(decoding: listed, as: UTF8.self).split(separator: "\n").map(String.init))
            let served = Set(routes.all.flatMap { entry in entry.methods.map { "\($0.rawValue) \(entry.path)" } })
            #expect(
                documented == served,
                "undocumented: \(served.subtracting(documented)); unserved: \(documented.subtracting(served))"
            )
            #expect(served.count >= 25)
        }
    }

    @Test("the operation table names no route the router does not serve")
    func noStaleOperations() async throws {
        let service = try await TestService()
        let routes = KnownRoutes()
        _ = buildRouter(Self.dependencies(service), knownRoutes: routes)
        let served = Set(routes.all.flatMap { entry in entry.methods.map { "\($0.rawValue) \(entry.path)" } })
        #expect(Set(APIOperation.all.keys) == served)
    }

    @Test("bodies are the served schemas: each component equals the document /v2/schemas serves")
    func componentsAreServedSchemas() async throws {
        let service = try await TestService()
        try await service.test { client in
            let document = try #require(try await client.send(.get, "/openapi.json", as: nil).json)
            let components = try #require(document["components"]?["schemas"])
            for (name, path) in [
                ("task", "task"), ("tasks", "tasks"), ("image", "image"), ("images", "images"),
                ("task-input.import", "task-input/import"), ("task-input.convert", "task-input/convert"),
            ] {
                let served = try await client.send(.get, "/v2/schemas/\(path)", as: nil)
                #expect(components[name] == served.json, "\(name)")
            }
            let create = document["paths"]?["/v2/tasks"]?["post"]?["requestBody"]?["content"]?["application/json"]
            let input = create?["schema"]?["properties"]?["input"]?["anyOf"]
            #expect(input?[0]?["$ref"] == "#/components/schemas/task-input.import")
            #expect(input?[1]?["$ref"] == "#/components/schemas/task-input.convert")
            let listParameters = document["paths"]?["/v2/tasks"]?["get"]?["parameters"]?.arrayValue ?? []
            let listed = Set(listParameters.compactMap { $0["name"]?.stringValue })
            #expect(listed.isSuperset(of: ["limit", "marker", "sort_key"]), "\(listed)")
            let shown = document["paths"]?["/v2/tasks/{id}"]?["get"]
            #expect(shown?["parameters"]?[0]?["name"] == "id")
            #expect(shown?["security"]?.arrayValue?.isEmpty == false)
            #expect(document["paths"]?["/versions"]?["get"]?["security"]?.arrayValue?.isEmpty == true)
        }
    }
}
