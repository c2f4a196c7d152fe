/// Exact comparisons and divisibility for JSON numbers mixing `Int64` and `Double`.
enum NumberMath {
    /// `lhs` compared to `rhs` (-1, 0, 1) by mathematical value; both must be numbers.
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Int {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.integer(let a), .number(let b)): return compare(a, b)
        case (.number(let a), .integer(let b)): return -compare(b, a)
        case (.number(let a), .number(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default: return 0
        }
    }

    /// Exact comparison of an integer with a double.
    static func compare(_ integer: Int64, _ double: Double) -> Int {
        if double.isNaN { return 0 }
        if double >= 0x1p63 { return -1 }
        if double < -0x1p63 { return 1 }
        let whole = Int64(double)
        if integer != whole { return integer < whole ? -1 : 1 }
        let fraction = double - Double(whole)
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0)
    }

    /// A number as `digits × 10^exponent` with `digits` free of trailing zeros, from the shortest decimal
    /// representation (so `0.1` is exactly one tenth, as written in the document).
    static func decimal(_ value: JSONValue) -> (digits: UInt64, exponent: Int)? {
        switch value {
        case .integer(let integer): return normalized(integer.magnitude, 0)
        case .number(let number):
            guard number.isFinite else { return nil }
            var text = Substring(abs(number).description)
            var exponent = 0
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                exponent = Int(text[text.index(after: e)...]) ?? 0
                text = text[..<e]
            }
            if let dot = text.firstIndex(of: ".") {
                exponent -= text.distance(from: dot, to: text.endIndex) - 1
                text.remove(at: dot)
            }
            guard let digits = UInt64(text) else { return nil }
            return normalized(digits, exponent)
        default: return nil
        }
    }

    private static func normalized(_ digits: UInt64, _ exponent: Int) -> (digits: UInt64, exponent: Int) {
        guard digits != 0 else { return (0, 0) }
        var digits = digits
        var exponent = exponent
        while digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        return (digits, exponent)
    }

    /// Whether `value / divisor` is an integer, computed exactly on the decimal representations.
    static func isMultiple(_ value: JSONValue, of divisor: JSONValue) -> Bool {
        if case .integer(let a) = value, case .integer(let b) = divisor, b != 0 { return a % b == 0 }
        guard let a = decimal(value), let b = decimal(divisor), b.digits != 0 else { return false }
        if a.digits == 0 { return true }
        if a.exponent >= b.exponent {
            // a.digits × 10^k ≡ 0 (mod b.digits)?
            var remainder = a.digits % b.digits
            var power: UInt64 = 10 % b.digits
            var k = a.exponent - b.exponent
            while k > 0 {
                if k & 1 == 1 { remainder = mulmod(remainder, power, b.digits) }
                power = mulmod(power, power, b.digits)
                k >>= 1
            }
            return remainder == 0
        }
        // a.digits ≡ 0 (mod b.digits × 10^k)?
        var modulus = b.digits
        for _ in 0..<(b.exponent - a.exponent) {
            let (next, overflow) = modulus.multipliedReportingOverflow(by: 10)
            if overflow || next > a.digits { return false }
            modulus = next
        }
        return a.digits % modulus == 0
    }

    private static func mulmod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((product.high, product.low)).remainder
    }
}
