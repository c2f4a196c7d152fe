/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block of a PEM file.
struct PEMBlock: Equatable {
    /// `PUBLIC KEY`, `CERTIFICATE`…
    let label: String
    /// The block with its BEGIN and END lines, as the key parsers want it.
    let text: String
    /// The line of its BEGIN (from 1).
    let line: Int

    /// Every complete block of `text`, in order (text outside blocks is ignored, as OpenSSL does).
    static func all(in text: String) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var open: (label: String, line: Int, lines: [Substring])?
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if let label = Self.label(of: line, marker: "BEGIN") {
                open = (label, number + 1, [line])
            } else if var current = open {
                current.lines.append(line)
                if Self.label(of: line, marker: "END") == current.label {
                    blocks.append(
                        PEMBlock(label: current.label, text: current.lines.joined(separator: "\n"), line: current.line)
                    )
                    open = nil
                } else {
                    open = current
                }
            }
        }
        return blocks
    }

    /// `LABEL` of a `-----<marker> LABEL-----` line.
    private static func label(of line: Substring, marker: String) -> String? {
        let prefix = "-----\(marker) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count > prefix.count + 5 else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(5))
    }
}
