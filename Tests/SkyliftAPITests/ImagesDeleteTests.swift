import HTTPTypes
import HummingbirdTesting
import SkyliftAPI
import SkyliftDomain
import SkyliftStore
import SkyliftTesting
import Testing

@Suite struct ImagesDeleteTests {
    @Test("DELETE answers 204 with no body, removes the record and the file; a second DELETE is 404")
    func delete() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.b, data: Array("bytes".utf8))
        #expect(try service.hasImageFile(image.id))
        try await service.test { client in
            let reply = try await client.send(.delete, "/v2/images/\(image.id)", as: .member(Projects.b))
            #expect(reply.status == .noContent)
            #expect(reply.text.isEmpty)
            #expect(try await service.store.image(id: image.id, visibility: .all) == nil)
            #expect(try service.hasImageFile(image.id) == false)
            let again = try await client.send(.delete, "/v2/images/\(image.id)", as: .member(Projects.b))
            #expect(again.status == .notFound)
            #expect(again.message == "Failed to find image \(image.id) to delete")
            ResponseSchemaCheck.error(again)
            let shown = try await client.send(.get, "/v2/images/\(image.id)", as: .member(Projects.b))
            #expect(shown.status == .notFound)
        }
    }

    @Test("another project's member gets 404 and the image stays; an admin may delete any project's image")
    func scoping() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.a, data: [1, 2, 3])
        try await service.test { client in
            let denied = try await client.send(.delete, "/v2/images/\(image.id)", as: .member(Projects.b))
            #expect(denied.status == .notFound)
            #expect(denied.message == "Failed to find image \(image.id) to delete")
            #expect(try await service.store.image(id: image.id, visibility: .all) != nil)
            #expect(try service.hasImageFile(image.id))
            let admin = try await client.send(.delete, "/v2/images/\(image.id)", as: .admin(Projects.c))
            #expect(admin.status == .noContent)
            #expect(try service.hasImageFile(image.id) == false)
        }
    }

    @Test("etc/policy.yaml: delete_image is owner or admin, so a reader of the owning project may delete")
    func readerPerPolicyFile() async throws {
        let service = try await TestService(policyFile: "policy.yaml")
        let image = try await service.seedImage(owner: Projects.b)
        try await service.test { client in
            let reply = try await client.send(.delete, "/v2/images/\(image.id)", as: .reader(Projects.b))
            #expect(reply.status == .noContent)
        }
    }

    @Test("a rule that denies delete_image on the image reads as the same 404; the image stays")
    func deniedByRule() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.b)
        let application = try ImagesTestSupport.application(service, rules: ["delete_image": "role:admin"])
        try await application.test(.router) { client in
            let reply = try await client.send(.delete, "/v2/images/\(image.id)", as: .member(Projects.b))
            #expect(reply.status == .notFound)
            #expect(reply.message == "Failed to find image \(image.id) to delete")
            let shown = try await client.send(.get, "/v2/images/\(image.id)", as: .member(Projects.b))
            #expect(shown.status == .ok)
        }
    }

    @Test("an image without a file deletes cleanly")
    func withoutFile() async throws {
        let service = try await TestService()
        let image = try await service.seedImage(owner: Projects.b, status: .queued)
        try await service.test { client in
            let reply = try await client.send(.delete, "/v2/images/\(image.id)", as: .member(Projects.b))
            #expect(reply.status == .noContent)
        }
    }
}
