import Foundation
import SkyliftDomain
import SkyliftExecutors
import Synchronization

/// A small real executor for worker tests: records which tasks ran, in order, and can hold each run until released.
struct RecordingExecutor: TaskExecutor {
    struct Input: Decodable, Sendable {
        var label: String
    }

    static let type = TaskType(rawValue: "record")
    static let inputSchemaName = "record"
    static let stepWeights: [String: Int] = [:]

    final class Log: Sendable {
        let order = Mutex<[String]>([])
        let running = Mutex<(now: Int, peak: Int)>((0, 0))
        let gate = Mutex<Bool>(true)

        var labels: [String] { order.withLock { $0 } }
        var peak: Int { running.withLock { $0.peak } }
        func hold() { gate.withLock { $0 = false } }
        func release() { gate.withLock { $0 = true } }
    }

    let log: Log

    func execute(_ input: Input, task: ImageTask, progress: TaskProgress) async throws -> ExecutionOutcome {
        log.order.withLock { $0.append(input.label) }
        log.running.withLock { $0 = (now: $0.now + 1, peak: max($0.peak, $0.now + 1)) }
        defer { log.running.withLock { $0.now -= 1 } }
        while !log.gate.withLock({ $0 }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        if input.label.hasPrefix("fail") {
            throw TaskFailure(code: "internal", message: "Asked to fail", retryable: false, step: nil)
        }
        let now = Timestamp(seconds: 1_795_000_000)
        let image = ImageRecord(
            id: UUID().uuidString.lowercased(),
            name: input.label,
            status: .active,
            diskFormat: "raw",
            containerFormat: "bare",
            size: 0,
            virtualSize: 0,
            checksum: nil,
            osHashAlgo: nil,
            osHashValue: nil,
            owner: task.owner,
            createdAt: now,
            updatedAt: now
        )
        return ExecutionOutcome(result: RawJSON(#"{"label": "\#(input.label)"}"#), image: image)
    }
}
