/// A UTC instant with microsecond resolution, stored as microseconds since the Unix epoch.
///
/// Integers keep store round trips exact and make keyset comparisons cheap on both backends.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// An instant from whole seconds since the epoch.
    public init(seconds: Int64) { self.microseconds = seconds * 1_000_000 }

    /// This instant moved by a number of seconds (which may be fractional or negative).
    public func adding(seconds: Double) -> Timestamp {
        Timestamp(microseconds: microseconds + Int64((seconds * 1_000_000).rounded()))
    }

    /// Glance's `isotime`: `YYYY-MM-DDTHH:MM:SSZ`, UTC, whole seconds (truncated).
    public var glanceString: String {
        let (seconds, _) = microseconds.floorDividedBy(1_000_000)
        let (days, secondOfDay) = seconds.floorDividedBy(86_400)
        let (year, month, day) = Self.civilDate(fromDays: days)
        let hour = secondOfDay / 3600
        let minute = secondOfDay % 3600 / 60
        let second = secondOfDay % 60
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
    }

    /// The same form with microseconds, for logs: `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    public var preciseString: String {
        let (_, micros) = microseconds.floorDividedBy(1_000_000)
        return String(glanceString.dropLast()) + "." + pad(micros, 6) + "Z"
    }

    public var description: String { preciseString }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// Howard Hinnant's `civil_from_days`: proleptic Gregorian date of a day count since the epoch.
    static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

extension Int64 {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    fileprivate func floorDividedBy(_ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = (self >= 0 ? self : self - divisor + 1) / divisor
        return (quotient, self - quotient * divisor)
    }
}
