import Foundation

/// Resolves a redirect's `Location` against the URL that answered it (RFC 3986 reference resolution).
enum RedirectLocation {
    /// The absolute URL `location` points to, or nil when it cannot be resolved.
    static func resolve(_ location: String, against base: String) -> String? {
        let trimmed = location.trimmingCharacters(in: .whitespaces)
        if let scheme = trimmed.split(separator: ":", maxSplits: 1).first,
            trimmed.contains("://"), scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        {
            return trimmed
        }
        guard let baseURL = URL(string: base), let resolved = URL(string: trimmed, relativeTo: baseURL) else {
            return nil
        }
        return resolved.absoluteString
    }
}
