import Foundation

/// The server's JSON, indented for reading and with keys sorted, for `--json` output.
public enum PrettyJSON {
    /// `data` pretty-printed with a final newline; the text as received when it is not JSON.
    public static func format(_ data: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
            )
        else { return String(decoding: data, as: UTF8.self) + "\n" }
        return String(decoding: pretty, as: UTF8.self) + "\n"
    }
}
