import Foundation
import Subprocess

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What one qemu-img run printed and how it ended.
struct QemuImgOutput: Sendable {
    /// The exit status, or `nil` when a signal ended the process.
    var status: Int32?
    /// The signal that ended the process, if any.
    var signal: Int32?
    var stdout: [UInt8]
    var stderr: String

    /// The error describing a run that did not succeed, telling limit kills from ordinary failures.
    func error(_ operation: String) -> QemuImgError {
        if let signal {
            let limit = signal == SIGXCPU || signal == SIGKILL
            return QemuImgError(
                operation: operation,
                reason: limit ? .resourceLimit : .signaled(signal),
                stderr: stderr
            )
        }
        let memoryMarkers = ["Cannot allocate memory", "failed to map segment", "failed to allocate", "Out of memory"]
        if memoryMarkers.contains(where: { stderr.localizedCaseInsensitiveContains($0) }) {
            return QemuImgError(operation: operation, reason: .resourceLimit, stderr: stderr)
        }
        return QemuImgError(operation: operation, reason: .exited(status ?? -1), stderr: stderr)
    }
}

/// One qemu-img child: `prlimit --cpu=N --as=BYTES -- qemu-img …`, `prlimit` (util-linux) found in `PATH`
/// (swift-subprocess 1.0.2 has no pre-exec hook for `setrlimit`), raced against a wall-clock timeout. Timeout and task cancellation both kill the child
/// with `SIGKILL` through swift-subprocess's teardown.
struct QemuImgProcess: Sendable {
    private enum Outcome: Sendable {
        case finished(QemuImgOutput)
        case timedOut
    }

    var limits: QemuImgLimits
    var onLaunch: (@Sendable (Int32) -> Void)?

    /// Runs `qemu-img <arguments>`; throws `QemuImgError` or `CancellationError`.
    func run(operation: String, arguments: [String], timeout: Duration) async throws -> QemuImgOutput {
        let outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask { .finished(try await spawn(operation: operation, arguments: arguments)) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return .timedOut
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        try Task.checkCancellation()
        switch outcome {
        case .finished(let output): return output
        case .timedOut: throw QemuImgError(operation: operation, reason: .timedOut, stderr: "")
        }
    }

    /// Spawns the child and collects its bounded output.
    private func spawn(operation: String, arguments: [String]) async throws -> QemuImgOutput {
        let prlimit = ["--cpu=\(limits.cpuSeconds)", "--as=\(limits.memoryBytes)", "--", limits.path] + arguments
        let onLaunch = self.onLaunch
        let result: ExecutionResult<Void, BytesOutput, BytesOutput>
        do {
            result = try await Subprocess.run(
                .name("prlimit"),
                arguments: Arguments(prlimit),
                // glibc reserves address space for a malloc arena per thread; under RLIMIT_AS a busy qemu-img
                // that starts many I/O threads then fails `qemu_thread_create: Resource temporarily unavailable`.
                // Two arenas keep its reservations inside the limit without raising the limit.
                environment: .inherit.updating(["LC_ALL": "C", "MALLOC_ARENA_MAX": "2"]),
                input: .none,
                output: .bytes(limit: limits.outputLimit),
                error: .bytes(limit: limits.outputLimit)
            ) { execution in
                onLaunch?(execution.processIdentifier.value)
            }
        } catch let error as SubprocessError {
            try Task.checkCancellation()
            let reason: QemuImgError.Reason = error.code == .outputLimitExceeded ? .outputTooLarge : .launchFailed
            throw QemuImgError(operation: operation, reason: reason, stderr: "\(error)")
        }
        let stderr = String(decoding: result.standardError, as: UTF8.self)
        switch result.terminationStatus {
        case .exited(let code):
            return QemuImgOutput(status: Int32(code), signal: nil, stdout: result.standardOutput, stderr: stderr)
        case .signaled(let signal):
            return QemuImgOutput(status: nil, signal: Int32(signal), stdout: result.standardOutput, stderr: stderr)
        }
    }
}
