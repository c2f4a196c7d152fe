/// A `qemu-img` run that failed, was killed, or printed something unreadable.
public struct QemuImgError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the run failed.
    public enum Reason: Sendable, Hashable {
        /// qemu-img exited with this non-zero status.
        case exited(Int32)
        /// qemu-img died from this signal (not sent by Skylift).
        case signaled(Int32)
        /// The wall-clock timeout passed and the process was killed.
        case timedOut
        /// The CPU-seconds or address-space limit stopped it.
        case resourceLimit
        /// Standard output or error passed the capture limit; the process was killed.
        case outputTooLarge
        /// `prlimit` or qemu-img could not be started.
        case launchFailed
        /// qemu-img succeeded but its JSON could not be decoded.
        case unreadableOutput
    }

    /// The subcommand: `info`, `check` or `convert`.
    public var operation: String
    /// Why the run failed.
    public var reason: Reason
    /// The end of standard error (at most 4 KiB).
    public var stderrTail: String

    /// Creates an error; `stderr` is cut to its last 4 KiB.
    public init(operation: String, reason: Reason, stderr: String) {
        self.operation = operation
        self.reason = reason
        self.stderrTail = String(stderr.suffix(4096))
    }

    /// The exit status, when qemu-img exited by itself.
    public var exitStatus: Int32? {
        if case .exited(let code) = reason { return code }
        return nil
    }

    /// Whether a limit (timeout, CPU, memory, output size) ended the run.
    public var killedByLimit: Bool {
        switch reason {
        case .timedOut, .resourceLimit, .outputTooLarge: true
        default: false
        }
    }

    /// The last non-empty line of standard error, without the `qemu-img: ` prefix, at most 200 characters.
    public var summary: String {
        let line = stderrTail.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let trimmed = line.hasPrefix("qemu-img: ") ? String(line.dropFirst(10)) : line
        return String(trimmed.prefix(200))
    }

    /// One line for logs and task messages.
    public var description: String {
        let what =
            switch reason {
            case .exited(let code): "exited with status \(code)"
            case .signaled(let signal): "was killed by signal \(signal)"
            case .timedOut: "timed out"
            case .resourceLimit: "exceeded its CPU or memory limit"
            case .outputTooLarge: "printed too much output"
            case .launchFailed: "could not be started"
            case .unreadableOutput: "printed output that could not be read"
            }
        return summary.isEmpty ? "qemu-img \(operation) \(what)" : "qemu-img \(operation) \(what): \(summary)"
    }
}
