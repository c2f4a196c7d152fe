import Foundation
import JSONSchema
import SkyliftDomain
import SkyliftExecutors
import SkyliftTesting
import Testing

/// Issue 10 end to end: every shape of the real-world corpus, served over HTTP from 127.0.0.1, imports as itself
/// byte for byte and converted to raw with the same disk content, through the real worker and qemu-img.
@Suite("Real-world images import")
struct RealWorldImportTests {
    @Test("each shape imports as itself and converted to raw", arguments: RealWorldCorpus.shapes)
    func imports(shape: ImageShape) async throws {
        try await LocalImageServer.withServer { server in
            let corpus = ImageCorpus(directory: server.root)
            try RealWorldCorpus.writeBase(into: corpus)
            try shape.make(in: corpus)
            let served = try Scenario.digests(corpus.path(shape.file))
            let url = "\(server.baseURL)/files/\(shape.file)"
            try await WorkerHarness.run { harness, client in
                let same = try await Scenario.create(
                    client,
                    Scenario.importBody(url: url, from: shape.format, to: shape.format)
                )
                let task = try await harness.final(same)
                try #require(task.status == .success, "\(shape): \(task.message)")
                let result = try Scenario.result(task)
                guard case .string(let imageID)? = result["image_id"] else { return }
                let stored = try Scenario.digests(try harness.files.path(for: imageID))
                #expect(stored.md5 == served.md5)
                #expect(stored.sha512 == served.sha512)
                #expect(result["checksum"] == .string(served.md5))

                let toRaw = try await Scenario.create(
                    client,
                    Scenario.importBody(url: url, from: shape.format, to: "raw")
                )
                let converted = try await harness.final(toRaw)
                try #require(converted.status == .success, "\(shape) to raw: \(converted.message)")
                guard case .string(let rawID)? = try Scenario.result(converted)["image_id"] else { return }
                let rawPath = try harness.files.path(for: rawID)
                #expect(try ImageCorpus.sameContent(rawPath, "raw", corpus.path(shape.file), shape.qemuFormat))
            }
        }
    }
}
