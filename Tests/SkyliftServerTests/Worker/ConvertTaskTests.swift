import Foundation
import HTTPTypes
import SkyliftDomain
import SkyliftExecutors
import SkyliftStore
import SkyliftTesting
import Testing

/// Convert tasks end to end (contract §7.2): an imported image converted into every writable format as a new image
/// with the same disk content; the source is unchanged.
@Suite("Convert tasks")
struct ConvertTaskTests {
    @Test("an imported qcow2 converts to every format; the source file and record stay as they were")
    func convertsToEveryFormat() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 6 << 20)
            try corpus.convert("disk.raw", to: "disk.qcow2", format: "qcow2")
            try await WorkerHarness.run { harness, client in
                let url = "\(server.baseURL)/files/disk.qcow2"
                let imported = try await harness.final(
                    try await Scenario.create(client, Scenario.importBody(url: url, from: "qcow2", to: "qcow2"))
                )
                let sourceID = try #require(imported.imageID)
                let sourcePath = try harness.files.path(for: sourceID)
                let before = try Scenario.digests(sourcePath)
                let sourceRecord = try await harness.store.image(id: sourceID, visibility: .all)
                for target in ["raw", "qcow2", "vmdk", "vhd", "vhdx", "vdi"] {
                    let id = try await Scenario.create(client, Scenario.convertBody(imageID: sourceID, to: target))
                    let task = try await harness.final(id)
                    try #require(task.status == .success, "\(target): \(task.message)")
                    #expect(task.steps.map(\.name) == ["inspect", "convert", "store"])
                    #expect(task.steps.map(\.state) == [.done, .done, .done])
                    let newID = try #require(task.imageID)
                    #expect(newID != sourceID)
                    let image = try #require(try await harness.store.image(id: newID, visibility: .owner(Projects.b)))
                    #expect(image.diskFormat == target)
                    #expect(image.name == "converted")
                    #expect(image.properties == ["os_distro": "cirros"], "custom properties are inherited")
                    let path = try harness.files.path(for: newID)
                    #expect(
                        try ImageCorpus.sameContent(path, Scenario.qemuName(target), corpus.path("disk.raw"), "raw")
                    )
                    #expect(try Scenario.digests(path).md5 == image.checksum)
                }
                #expect(try Scenario.digests(sourcePath) == before)
                #expect(try await harness.store.image(id: sourceID, visibility: .all) == sourceRecord)
            }
        }
    }

    @Test("a convert of an image whose file vanished fails without storing anything")
    func missingSource() async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try corpus.raw("disk.raw", bytes: 1 << 20)
            try await WorkerHarness.run { harness, client in
                let url = "\(server.baseURL)/files/disk.raw"
                let imported = try await harness.final(
                    try await Scenario.create(client, Scenario.importBody(url: url, from: "raw", to: "raw"))
                )
                let sourceID = try #require(imported.imageID)
                try #require(try harness.files.remove(imageID: sourceID))
                let task = try await harness.final(
                    try await Scenario.create(client, Scenario.convertBody(imageID: sourceID, to: "qcow2"))
                )
                #expect(task.status == .failure)
                #expect(task.failure?.code == "conversion_failed")
                #expect(task.message.contains(sourceID))
                #expect(try harness.storedFileNames() == [])
            }
        }
    }
}
