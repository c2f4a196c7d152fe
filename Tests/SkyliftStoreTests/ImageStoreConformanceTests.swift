import SkyliftDomain
import SkyliftStore
import Testing

@Suite struct ImageStoreConformanceTests {
    @Test("a created image reads back field for field, scoped by visibility", arguments: StoreBackend.allCases)
    func roundTrip(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = ImageFactory()
        let image = factory.make(owner: "p1", properties: ["os_distro": "cirros", "note": "ü"])
        try await store.createImage(image)
        #expect(try await store.image(id: image.id, visibility: .all) == image)
        #expect(try await store.image(id: image.id, visibility: .owner("p1")) == image)
        #expect(try await store.image(id: image.id, visibility: .owner("p2")) == nil)
        await #expect(throws: SkyliftError.imageExists(image.id)) {
            try await store.createImage(image)
        }
    }

    @Test(
        "a queued image without data or formats, with Glance's tags, minimums and os_hidden, reads back as written",
        arguments: StoreBackend.allCases
    )
    func queuedImage(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        let now = Timestamp(seconds: 1_800_000_000)
        let image = ImageRecord(
            id: TaskID().rawValue,
            name: nil,
            status: .queued,
            diskFormat: nil,
            containerFormat: nil,
            size: nil,
            virtualSize: nil,
            checksum: nil,
            osHashAlgo: nil,
            osHashValue: nil,
            owner: "p1",
            properties: ["owner_specified.openstack.object": "images/fedora"],
            minDisk: 10,
            minRam: 512,
            tags: ["web", "fedora", "ü"],
            osHidden: true,
            createdAt: now,
            updatedAt: now
        )
        try await store.createImage(image)
        #expect(try await store.image(id: image.id, visibility: .owner("p1")) == image)
        #expect(try await store.images(ImageListQuery(limit: 5), visibility: .all) == [])
        let hidden = ImageListQuery(limit: 5, filters: .init(hidden: true))
        #expect(try await store.images(hidden, visibility: .all) == [image])
    }

    @Test(
        "delete removes a visible image and returns it; invisible or missing is nil",
        arguments: StoreBackend.allCases
    )
    func delete(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = ImageFactory()
        let image = factory.make(owner: "p1")
        try await store.createImage(image)
        #expect(try await store.deleteImage(id: image.id, visibility: .owner("p2")) == nil)
        #expect(try await store.image(id: image.id, visibility: .all) == image)
        #expect(try await store.deleteImage(id: image.id, visibility: .owner("p1")) == image)
        #expect(try await store.image(id: image.id, visibility: .all) == nil)
        #expect(try await store.deleteImage(id: image.id, visibility: .all) == nil)
    }

    @Test("keyset pages walk every visible image newest first, ties broken by id", arguments: StoreBackend.allCases)
    func paging(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = ImageFactory()
        var images: [ImageRecord] = []
        for index in 0..<23 {
            let image = factory.make(owner: "p\(index % 3)", sameTimeAsLast: index % 4 == 1)
            try await store.createImage(image)
            images.append(image)
        }
        for visibility in [Visibility.all, .owner("p1")] {
            let expected = images.filter { visibility == .all || $0.owner == "p1" }
                .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
                .map(\.id)
            var seen: [String] = []
            var marker: String?
            repeat {
                let page = try await store.images(ImageListQuery(marker: marker, limit: 4), visibility: visibility)
                seen += page.map(\.id)
                marker = page.count == 4 ? page.last?.id : nil
            } while marker != nil
            #expect(seen == expected, "\(visibility)")
        }
        #expect(try await store.images(ImageListQuery(limit: 0), visibility: .all).isEmpty)
    }

    @Test("a marker that is not a visible image is a 400-style error", arguments: StoreBackend.allCases)
    func invisibleMarker(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = ImageFactory()
        let image = factory.make(owner: "p1")
        try await store.createImage(image)
        for (marker, visibility) in [(image.id, Visibility.owner("p2")), (TaskID().rawValue, .all), ("nope", .all)] {
            await #expect(throws: SkyliftError.imageMarkerNotFound(marker)) {
                try await store.images(ImageListQuery(marker: marker, limit: 5), visibility: visibility)
            }
        }
    }

    @Test("the image list plan seeks an index: no full scan, no temporary sort")
    func queryPlans() throws {
        let store = try SQLiteTaskStore(location: .memory)
        for visibility in [Visibility.all, .owner("p1")] {
            for marker in [nil, TaskID().rawValue] {
                let plan = try store.explainImageList(ImageListQuery(marker: marker, limit: 25), visibility: visibility)
                let text = plan.joined(separator: "; ")
                #expect(plan.contains { $0.contains("USING INDEX images_") }, "\(text)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(text)")
            }
        }
    }

    @Test(
        "§16 filters: name, status, formats, every tag, hidden only when asked; each keeps the keyset order",
        arguments: StoreBackend.allCases
    )
    func filters(backend: StoreBackend) async throws {
        let store = try await backend.makeStore()
        var factory = ImageFactory()
        var images: [ImageRecord] = []
        for index in 0..<12 {
            var image = factory.make(owner: "p\(index % 2)")
            image.name = index % 3 == 0 ? "fedora" : "debian"
            image.status = index % 4 == 0 ? .queued : .active
            image.diskFormat = index % 2 == 0 ? "qcow2" : "raw"
            image.containerFormat = index == 5 ? "ovf" : "bare"
            image.tags = index % 2 == 0 ? ["web", "db"] : ["web"]
            image.osHidden = index == 7
            try await store.createImage(image)
            images.append(image)
        }
        let newestFirst = images.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        func expect(
            _ filters: ImageListQuery.Filters,
            _ visibility: Visibility,
            _ predicate: (ImageRecord) -> Bool,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            let expected = newestFirst.filter {
                (visibility == .all || $0.owner == "p0") && $0.osHidden == filters.hidden && predicate($0)
            }.map(\.id)
            var seen: [String] = []
            var marker: String?
            repeat {
                let query = ImageListQuery(marker: marker, limit: 2, filters: filters)
                let page = try await store.images(query, visibility: visibility)
                seen += page.map(\.id)
                marker = page.count == 2 ? page.last?.id : nil
            } while marker != nil
            #expect(seen == expected, "\(filters)", sourceLocation: sourceLocation)
        }
        try await expect(.init(), .all, { _ in true })
        try await expect(.init(name: "fedora"), .all, { $0.name == "fedora" })
        try await expect(.init(name: "fedora"), .owner("p0"), { $0.name == "fedora" })
        try await expect(.init(status: "queued"), .all, { $0.status == .queued })
        try await expect(
            .init(diskFormat: "raw", containerFormat: "bare"),
            .all,
            {
                $0.diskFormat == "raw" && $0.containerFormat == "bare"
            }
        )
        try await expect(.init(tags: ["web", "db"]), .all, { $0.tags.contains("db") })
        try await expect(.init(tags: ["web", "nope"]), .all, { _ in false })
        try await expect(.init(hidden: true), .all, { _ in true })
        try await expect(.init(name: "fedora\u{0}"), .all, { _ in false })
        try await expect(.init(tags: ["web\u{0}"]), .all, { _ in false })
        #expect(
            try await store.images(ImageListQuery(limit: 20, filters: .init(matchesNothing: true)), visibility: .all)
                .isEmpty
        )
    }
}
