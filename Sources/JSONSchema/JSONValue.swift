/// A JSON value as produced by ``JSONParser`` and consumed by the schema validator.
///
/// Integers that fit in `Int64` and were written without a fraction or exponent are `.integer`;
/// every other number is `.number`. Equality is JSON equality: object key order is ignored and
/// `.integer(1) == .number(1.0)`.
public enum JSONValue: Sendable {
    /// The JSON `null` literal.
    case null
    /// A JSON `true` or `false`.
    case bool(Bool)
    /// A JSON number written without fraction or exponent that fits in `Int64`.
    case integer(Int64)
    /// Any other JSON number.
    case number(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([JSONValue])
    /// A JSON object, keeping document key order.
    case object(JSONObject)
}

extension JSONValue {
    /// The Python-style name of this value's JSON type: "null", "boolean", "integer", "number", "string", "array"
    /// or "object".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The string payload, if this is a `.string`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean payload, if this is a `.bool`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value as an `Int64` if it is an integer or an integral `.number` within `Int64` range.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): return value
        case .number(let value): return JSONValue.exactInt64(value)
        default: return nil
        }
    }

    /// The value as a `Double` if it is a number of either kind.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    /// The array payload, if this is an `.array`.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object payload, if this is an `.object`.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Member lookup for objects; `nil` for other values or missing keys.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// Element lookup for arrays; `nil` for other values or out-of-range indexes.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// `value` converted exactly to `Int64`, or `nil` when it is fractional or out of range.
    static func exactInt64(_ value: Double) -> Int64? {
        guard value >= -0x1p63, value < 0x1p63 else { return nil }
        let integer = Int64(value)
        return Double(integer) == value ? integer : nil
    }

    /// Whether `value` is finite and has no fractional part (computed without libm, which is not always linked).
    static func isIntegral(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if abs(value) >= 0x1p52 { return true }
        return Double(Int64(value)) == value
    }
}

extension JSONValue: Equatable {
    /// JSON equality: numbers compare by mathematical value, objects ignore key order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)):
            return exactInt64(b) == a
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }
}

extension JSONValue: Hashable {
    /// Hashes consistently with JSON equality (integral numbers hash like integers).
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0 as UInt8)
        case .bool(let value):
            hasher.combine(1 as UInt8)
            hasher.combine(value)
        case .integer(let value):
            hasher.combine(2 as UInt8)
            hasher.combine(value)
        case .number(let value):
            if let exact = JSONValue.exactInt64(value) {
                hasher.combine(2 as UInt8)
                hasher.combine(exact)
            } else {
                hasher.combine(3 as UInt8)
                hasher.combine(value)
            }
        case .string(let value):
            hasher.combine(4 as UInt8)
            ScalarKey.hashBytes(of: value, into: &hasher)
        case .array(let value):
            hasher.combine(5 as UInt8)
            hasher.combine(value)
        case .object(let value):
            hasher.combine(6 as UInt8)
            hasher.combine(value)
        }
    }
}
