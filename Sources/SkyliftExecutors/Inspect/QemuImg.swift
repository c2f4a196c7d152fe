import Foundation

/// Typed access to `qemu-img info`, `check` and `convert`, each run with an explicit `-f` (never probing)
/// under the limits of `QemuImgLimits` (§15.3).
public struct QemuImg: Sendable {
    /// How qemu-img is run.
    public var limits: QemuImgLimits
    /// Called with the child's process id as soon as it is spawned (for progress and tests).
    public var onLaunch: (@Sendable (Int32) -> Void)?

    /// A wrapper running qemu-img under `limits`.
    public init(limits: QemuImgLimits = QemuImgLimits(), onLaunch: (@Sendable (Int32) -> Void)? = nil) {
        self.limits = limits
        self.onLaunch = onLaunch
    }

    /// `qemu-img info --output=json -f <format> <path>`.
    public func info(path: String, format: DiskFormat) async throws -> QemuImgInfo {
        let output = try await run("info", ["--output=json", "-f", format.qemuName, path], timeout: limits.timeout)
        guard output.status == 0 else { throw output.error("info") }
        do {
            return try JSONDecoder().decode(QemuImgInfo.self, from: Data(output.stdout))
        } catch {
            throw QemuImgError(operation: "info", reason: .unreadableOutput, stderr: output.stderr)
        }
    }

    /// `qemu-img check --output=json -f <format> <path>`.
    ///
    /// Exit status 0 (clean), 2 (corruption) and 3 (leaks only) give a result; 1 (the check could not run),
    /// 63 (format not checkable) and anything else throw.
    public func check(path: String, format: DiskFormat) async throws -> QemuImgCheck {
        let output = try await run("check", ["--output=json", "-f", format.qemuName, path], timeout: limits.timeout)
        guard [0, 2, 3].contains(output.status) else { throw output.error("check") }
        do {
            var result = try JSONDecoder().decode(QemuImgCheck.self, from: Data(output.stdout))
            result.exitStatus = output.status ?? 0
            return result
        } catch {
            throw QemuImgError(operation: "check", reason: .unreadableOutput, stderr: output.stderr)
        }
    }

    /// `qemu-img convert -f <format> -O <format> <source> <destination>`, with `-o force_size=on` for VHD.
    ///
    /// Other outputs use qemu-img's default subformat (VMDK: `monolithicSparse`, one file). On failure or
    /// cancellation the child is killed and `destination` is removed.
    public func convert(
        source: String,
        format sourceFormat: DiskFormat,
        destination: String,
        format destinationFormat: DiskFormat
    ) async throws {
        precondition(destinationFormat.isWritable, "qemu-img cannot write \(destinationFormat)")
        var arguments = ["-f", sourceFormat.qemuName, "-O", destinationFormat.qemuName]
        if destinationFormat == .vhd { arguments += ["-o", "force_size=on"] }
        arguments += [source, destination]
        do {
            let output = try await run("convert", arguments, timeout: limits.convertTimeout)
            guard output.status == 0 else { throw output.error("convert") }
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
    }

    /// Runs one qemu-img subcommand through `QemuImgProcess`.
    private func run(_ operation: String, _ arguments: [String], timeout: Duration) async throws -> QemuImgOutput {
        try await QemuImgProcess(limits: limits, onLaunch: onLaunch)
            .run(operation: operation, arguments: [operation] + arguments, timeout: timeout)
    }
}
