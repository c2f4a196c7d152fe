/// Human units for byte counts, rates and durations in tables and the progress bar.
public enum Units {
    /// `512 B`, `1.5 KiB`, `64.0 MiB`, `2.00 GiB`: binary units, three significant figures from KiB on.
    public static func bytes(_ count: Int64) -> String {
        guard count >= 1024 else { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        return "\(fixed(value, digits: digits)) \(units[unit])"
    }

    /// `3.20 MiB/s`.
    public static func rate(_ bytesPerSecond: Double) -> String {
        "\(bytes(Int64(bytesPerSecond.rounded())))/s"
    }

    /// `45s`, `3m05s`, `2h07m`.
    public static func duration(seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m\(twoDigits(total % 60))s" }
        return "\(total / 3600)h\(twoDigits(total % 3600 / 60))m"
    }

    /// `value` with exactly `digits` decimals, without Foundation's locale-dependent formatting.
    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        guard digits > 0 else { return "\(scaled)" }
        let whole = scaled / Int64(scale)
        var fraction = String(scaled % Int64(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        return "\(whole).\(fraction)"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
