/// The compressed stream formats a download is decompressed from (contract §17), told by their first bytes.
enum CompressionFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case gzip, xz, zstd, bzip2

    /// The most bytes `sniff` needs.
    static let magicLength = 6

    /// The format whose magic `prefix` starts with, if any (`prefix` holds at least `magicLength` bytes, or the
    /// whole body when it is shorter).
    static func sniff(_ prefix: [UInt8]) -> CompressionFormat? {
        func starts(_ magic: [UInt8]) -> Bool {
            prefix.count >= magic.count && Array(prefix.prefix(magic.count)) == magic
        }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        // "BZh" and a block size digit 1–9, so a text file starting "BZh" is not taken for bzip2.
        if starts([0x42, 0x5A, 0x68]), prefix.count > 3, (0x31...0x39).contains(prefix[3]) { return .bzip2 }
        return nil
    }

    /// A fresh decoder of this format.
    func decoder() throws(DownloadFailure) -> any StreamDecoder {
        switch self {
        case .gzip: try GzipDecoder()
        case .xz: try XZDecoder()
        case .zstd: try ZstdDecoder()
        case .bzip2: try BZip2Decoder()
        }
    }
}

/// A streaming decoder, pulled: compressed bytes in with `setInput`, then decompressed bytes out of `next` until it
/// returns 0 (the input is used up).
protocol StreamDecoder: AnyObject {
    /// The next compressed bytes; they must stay valid until `next` has returned 0.
    func setInput(_ input: UnsafeRawBufferPointer)
    /// Fills `output` with decompressed bytes; how many (0 when the input is used up).
    /// - Throws: `DownloadFailure` for a corrupt stream.
    func next(into output: UnsafeMutableRawBufferPointer) throws(DownloadFailure) -> Int
    /// Checks that the input ended where a stream ends.
    /// - Throws: `DownloadFailure` when the stream was cut short.
    func finish() throws(DownloadFailure)
}

extension DownloadFailure {
    /// A compressed source that cannot be decoded: trying again does not help.
    static func corrupt(_ format: CompressionFormat, _ detail: String) -> DownloadFailure {
        DownloadFailure(
            code: .downloadFailed,
            message: "Download failed: the \(format.rawValue) stream could not be decompressed (\(detail))",
            retryable: false
        )
    }
}
