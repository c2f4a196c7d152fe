import Foundation

/// Writing to standard error without going through the logger (used before logging is set up).
enum FileHandleOutput {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
