/// Rows of text in aligned columns, the first row a header, two spaces between columns.
public struct Table: Sendable, Equatable {
    /// The column titles.
    public var header: [String]
    /// The cells, each row as long as ``header``.
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// A two-column `FIELD VALUE` table of `fields`, leaving out empty values.
    public init(fields: [(String, String?)]) {
        self.init(header: ["FIELD", "VALUE"], rows: fields.compactMap { name, value in value.map { [name, $0] } })
    }

    /// The lines, each ending in a newline, with no trailing spaces.
    public func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in all {
            var line = ""
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            text += line + "\n"
        }
        return text
    }
}
