import Configuration
import Synchronization

/// Strict typed reads over a `ConfigReader`: a value that does not parse stops startup instead of falling back to
/// the default (swift-configuration's `default:` readers fall back silently).
struct ConfigValues {
    let reader: ConfigReader
    /// When set, every key read is added to it (for the test that each declared key is read).
    var readKeys: KeysRead?

    /// The value of `key`, noting that it was read.
    private func text(_ key: String) -> String? {
        readKeys?.note(key)
        return reader.string(forKey: ConfigKey(key))
    }

    func optionalString(_ key: String) throws(ConfigurationError) -> String? {
        text(key)
    }

    /// Unset stays nil; set to an empty string is an error.
    func optionalNonEmptyString(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = text(key) else { return nil }
        guard !value.isEmpty else { throw .invalid(key, "must not be empty", value: value) }
        return value
    }

    func string(_ key: String, default defaultValue: String) throws(ConfigurationError) -> String {
        try optionalNonEmptyString(key) ?? defaultValue
    }

    func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        try integer(key, default: defaultValue, in: range)
    }

    func int64(
        _ key: String,
        default defaultValue: Int64,
        in range: ClosedRange<Int64>
    ) throws(ConfigurationError) -> Int64 {
        try integer(key, default: defaultValue, in: range)
    }

    private func integer<Value: FixedWidthInteger>(
        _ key: String,
        default defaultValue: Value,
        in range: ClosedRange<Value>
    ) throws(ConfigurationError) -> Value {
        guard let text = text(key) else { return defaultValue }
        guard let value = Value(text.trimmed), range.contains(value) else {
            throw .invalid(key, "expected a whole number from \(range.lowerBound) to \(range.upperBound)", value: text)
        }
        return value
    }

    func double(
        _ key: String,
        default defaultValue: Double,
        in range: ClosedRange<Double>
    ) throws(ConfigurationError) -> Double {
        guard let text = text(key) else { return defaultValue }
        guard let value = Double(text.trimmed), value.isFinite, range.contains(value) else {
            throw .invalid(key, "expected a number from \(range.lowerBound) to \(range.upperBound)", value: text)
        }
        return value
    }

    func bool(_ key: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let text = text(key) else { return defaultValue }
        switch text.trimmed.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw .invalid(key, "expected true or false", value: text)
        }
    }

    func choice<Value: RawRepresentable & CaseIterable>(
        _ key: String,
        default defaultValue: Value
    ) throws(ConfigurationError) -> Value where Value.RawValue == String {
        guard let text = text(key) else { return defaultValue }
        guard let value = Value(rawValue: text.trimmed.lowercased()) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalid(key, "expected one of \(allowed)", value: text)
        }
        return value
    }

    /// A list from YAML, or comma separated from the environment; blank items are dropped.
    func list(_ key: String, default defaultValue: [String]) throws(ConfigurationError) -> [String] {
        readKeys?.note(key)
        guard let values = reader.stringArray(forKey: ConfigKey(key)) else {
            if let single = text(key) {
                return single.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
            }
            return defaultValue
        }
        return values.map(\.trimmed).filter { !$0.isEmpty }
    }
}

extension String {
    fileprivate var trimmed: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}

/// The keys a configuration read looked up.
final class KeysRead: Sendable {
    private let keys = Mutex<Set<String>>([])

    func note(_ key: String) { keys.withLock { _ = $0.insert(key) } }

    var all: Set<String> { keys.withLock { $0 } }
}
