import Foundation
import SkyliftExecutors
import SkyliftTesting
import Synchronization
import Testing

@Suite("qemu-img runs under limits and dies with its task")
struct QemuImgLimitTests {
    @Test("A tiny address-space limit stops qemu-img and inspection refuses the image")
    func memoryLimit() async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("r.raw")
        try corpus.convert("r.raw", to: "a.qcow2", format: "qcow2")
        let qemuImg = QemuImg(limits: QemuImgLimits(memoryBytes: 8 << 20))
        await #expect {
            _ = try await qemuImg.info(path: corpus.path("a.qcow2"), format: .qcow2)
        } throws: { error in
            (error as? QemuImgError)?.reason == .resourceLimit
        }
        do {
            _ = try await ImageInspector(qemuImg: qemuImg).inspect(fileAt: corpus.url("a.qcow2"), declared: .qcow2)
            Issue.record("inspection succeeded under an 8 MiB limit")
        } catch {
            #expect(error.code == .unsafeImage)
            #expect(error.underlying?.killedByLimit == true)
        }
    }

    @Test("A wall-clock timeout kills a long conversion")
    func timeout() async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("big.raw", bytes: 512 << 20, chunk: 1 << 20)
        let pid = Mutex<Int32?>(nil)
        let qemuImg = QemuImg(
            limits: QemuImgLimits(convertTimeout: .milliseconds(50)),
            onLaunch: { value in pid.withLock { $0 = value } }
        )
        await #expect {
            try await qemuImg.convert(
                source: corpus.path("big.raw"),
                format: .raw,
                destination: corpus.path("big.vmdk"),
                format: .vmdk
            )
        } throws: { error in
            (error as? QemuImgError)?.reason == .timedOut
        }
        let child = try #require(pid.withLock { $0 })
        #expect(!Self.isAlive(child))
        #expect(!FileManager.default.fileExists(atPath: corpus.path("big.vmdk")))
    }

    @Test("Cancelling the task kills the conversion within 2 s")
    func cancel() async throws {
        let corpus = try ImageCorpus()
        try corpus.raw("big.raw", bytes: 512 << 20, chunk: 1 << 20)
        let (launches, continuation) = AsyncStream.makeStream(of: Int32.self)
        let qemuImg = QemuImg(onLaunch: { continuation.yield($0) })
        let conversion = Task {
            try await qemuImg.convert(
                source: corpus.path("big.raw"),
                format: .raw,
                destination: corpus.path("big.vhd"),
                format: .vhd
            )
        }
        var iterator = launches.makeAsyncIterator()
        let child = try #require(await iterator.next())
        #expect(Self.isAlive(child))
        let clock = ContinuousClock()
        let start = clock.now
        conversion.cancel()
        await #expect(throws: CancellationError.self) { try await conversion.value }
        while Self.isAlive(child), clock.now - start < .seconds(2) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!Self.isAlive(child))
        #expect(clock.now - start < .seconds(2))
    }

    /// Whether `pid` is still a qemu-img process (not gone, not reused by another program).
    private static func isAlive(_ pid: Int32) -> Bool {
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return false }
        return comm.hasPrefix("qemu-img") || comm.hasPrefix("prlimit")
    }
}
