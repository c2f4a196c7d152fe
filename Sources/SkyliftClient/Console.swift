import Foundation

/// Standard output and error, written unbuffered (so a progress line shows at once and stays in order with the
/// lines around it), and whether standard output is a terminal.
public struct Console: Sendable {
    /// Whether standard output is a terminal (the progress bar is drawn only then).
    public let isTerminal: Bool

    public init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    /// Writes `text` to standard output as is.
    public func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `line` and a newline to standard output.
    public func print(_ line: String) {
        write(line + "\n")
    }

    /// Writes the server's `json` pretty-printed when `asJSON` (`--json`), else `table`.
    public func show(json: Data, table: @autoclosure () -> Table, asJSON: Bool) {
        write(asJSON ? PrettyJSON.format(json) : table().render())
    }

    /// Writes `skylift: <line>` and a newline to standard error.
    public func error(_ line: String) {
        FileHandle.standardError.write(Data("skylift: \(line)\n".utf8))
    }
}
