/// Turns the successive views of a task into progress output.
///
/// On a terminal, one line redrawn in place (`\r`, then erase the line): the current step, a bar, the
/// percentage, bytes done of total, the rate and the ETA. Elsewhere, one line per step whose state changed.
public struct ProgressDisplay: Sendable {
    /// Whether to redraw one line (a terminal) or print a line per step change.
    public let interactive: Bool
    private var meter = RateMeter()
    private var states: [String: String] = [:]
    private var drawn = false

    /// Width of the bar, in characters between the brackets.
    static let barWidth = 24

    public init(interactive: Bool) {
        self.interactive = interactive
    }

    /// The text to write for `task` seen at `now` (possibly empty).
    public mutating func update(_ task: TaskSnapshot, at now: ContinuousClock.Instant) -> String {
        if interactive {
            drawn = true
            return "\r\u{1B}[2K" + line(task, at: now)
        }
        var text = ""
        for step in task.steps ?? [] {
            let previous = states.updateValue(step.state, forKey: step.name)
            // A step seen pending for the first time has not changed; one seen later in another state has.
            if previous == step.state || (previous == nil && step.state == "pending") { continue }
            text += Self.stepChange(step) + "\n"
        }
        return text
    }

    /// What ends the output: a newline after a line drawn in place.
    public func finish() -> String {
        interactive && drawn ? "\n" : ""
    }

    /// The one-line view of `task`: `download [####----]  40%  1.60 MiB of 4.00 MiB  1.00 MiB/s  ETA 3s`.
    mutating func line(_ task: TaskSnapshot, at now: ContinuousClock.Instant) -> String {
        guard let step = task.currentStep else {
            return task.status == "pending" ? "pending: waiting for a worker" : "\(task.status): starting"
        }
        let done = step.bytesDone ?? 0
        var fraction = Double(task.progress ?? 0) / 100
        var parts = [step.name]
        if let total = step.bytesTotal, total > 0 {
            fraction = min(1, Double(done) / Double(total))
            parts.append(Self.bar(fraction))
            parts.append(Self.percent(fraction))
            parts.append("\(Units.bytes(done)) of \(Units.bytes(total))")
        } else {
            parts.append(Self.bar(fraction))
            parts.append(Self.percent(fraction))
            if done > 0 { parts.append(Units.bytes(done)) }
        }
        guard step.state == "running" else { return (parts + [step.state]).joined(separator: "  ") }
        if let rate = meter.observe(step: step.name, bytes: done, at: now) {
            parts.append(Units.rate(rate))
            if let total = step.bytesTotal, total > done {
                parts.append("ETA " + Units.duration(seconds: Double(total - done) / rate))
            }
        }
        return parts.joined(separator: "  ")
    }

    /// `download: running, 1.00 MiB of 4.00 MiB`, `convert: skipped`.
    static func stepChange(_ step: TaskSnapshot.Step) -> String {
        let done = step.bytesDone ?? 0
        var bytes: String?
        if let total = step.bytesTotal, total > 0 {
            bytes = "\(Units.bytes(done)) of \(Units.bytes(total))"
        } else if done > 0 {
            bytes = Units.bytes(done)
        }
        return "\(step.name): \(step.state)" + (bytes.map { ", \($0)" } ?? "")
    }

    /// `[#########---------------]`.
    static func bar(_ fraction: Double) -> String {
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]"
    }

    /// ` 40%`, padded to four characters so the line does not jump.
    static func percent(_ fraction: Double) -> String {
        let text = "\(Int((fraction * 100).rounded(.down)))%"
        return String(repeating: " ", count: max(0, 4 - text.count)) + text
    }
}
