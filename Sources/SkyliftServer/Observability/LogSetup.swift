import Foundation
import Logging
import Synchronization

/// Sets up process-wide logging to stderr in the configured format and level (contract §12).
public enum LogSetup {
    /// Bootstraps swift-log once per process; call before anything logs.
    public static func bootstrap(format: SkyliftConfiguration.LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label, format: format)
            handler.logLevel = level
            return handler
        }
    }
}

/// One line per event on stderr, in `log.format`: `text` (`<time> <level> <label> : key=value … [source]
/// <message>`, swift-log's `StreamLogHandler` shape) or `json` (an object: time, level, label, message, then the
/// metadata by key). Lines are built by hand and written with one `write(2)` each: an access-log line per request
/// must not cost what `JSONEncoder`, date formatters and stdio locking per line do (BENCHMARKS.md, observability).
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let format: SkyliftConfiguration.LogFormat

    public init(label: String, format: SkyliftConfiguration.LogFormat) {
        self.label = label
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line =
            switch format {
            case .json: Self.line(event: event, label: label, metadata: metadata, now: Date())
            case .text: Self.textLine(event: event, label: label, metadata: metadata, now: Date())
            }
        // One writer at a time, so lines longer than a pipe's atomic write (4 KiB) never interleave; a write cut
        // short or interrupted goes on where it stopped.
        Self.writing.withLock { _ in
            line.withUTF8 { bytes in
                var offset = 0
                var stalls = 0
                while offset < bytes.count {
                    let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0, errno == EINTR || errno == EAGAIN, stalls < 1000 {
                        stalls += 1
                        if errno == EAGAIN { usleep(100) }
                    } else {
                        return
                    }
                }
            }
        }
    }

    /// The JSON line (ending in a newline) for `event`.
    static func line(event: LogEvent, label: String, metadata: Logger.Metadata, now: Date) -> String {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        var line = "{\"time\":\"" + timestamp(now) + "\",\"level\":\"" + event.level.rawValue + "\",\"label\":"
        appendQuoted(label, to: &line)
        line += ",\"message\":"
        appendQuoted("\(event.message)", to: &line)
        for key in fields.keys.sorted() where !reserved.contains(key) {
            line += ","
            appendQuoted(key, to: &line)
            line += ":"
            appendQuoted("\(fields[key]!)", to: &line)
        }
        line += "}\n"
        return line
    }

    /// Held while a line is written.
    static let writing = Mutex<Void>(())

    /// The text line (ending in a newline) for `event`: metadata sorted by key, values as they print.
    static func textLine(event: LogEvent, label: String, metadata: Logger.Metadata, now: Date) -> String {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        var line = timestamp(now) + " " + event.level.rawValue + " " + label + " :"
        for key in fields.keys.sorted() { line += " \(key)=\(fields[key]!)" }
        line += " [\(event.source)] \(event.message)\n"
        return line
    }

    /// Keys the JSON line itself sets; metadata under these names is left out.
    static let reserved: Set<String> = ["time", "level", "label", "message"]

    /// `2026-12-03T08:42:05.123Z`.
    static func timestamp(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        let milliseconds = Int((interval - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return digits(parts.tm_year + 1900, 4) + "-" + digits(parts.tm_mon + 1, 2) + "-" + digits(parts.tm_mday, 2)
            + "T" + digits(parts.tm_hour, 2) + ":" + digits(parts.tm_min, 2) + ":" + digits(parts.tm_sec, 2) + "."
            + digits(Int32(milliseconds), 3) + "Z"
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func appendQuoted(_ text: String, to line: inout String) {
        line.append("\"")
        defer { line.append("\"") }
        // Most values need no escape: one pass over the bytes, then one append.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            line.append(text)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line.append("\\\"")
            case "\\": line.append("\\\\")
            case "\n": line.append("\\n")
            case "\r": line.append("\\r")
            case "\t": line.append("\\t")
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                line.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: line.unicodeScalars.append(scalar)
            }
        }
    }
}
