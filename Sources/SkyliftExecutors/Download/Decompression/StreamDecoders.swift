import CCompression
import CZlib

/// The size of each output piece the decoders hand on.
private let outputChunk = 1 << 20

/// gzip through zlib (`inflateInit2` with gzip framing); concatenated members, as `cat a.gz b.gz` makes, are read on.
final class GzipDecoder: StreamDecoder {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: outputChunk)
    private var ended = false

    init() throws(DownloadFailure) {
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt(.gzip, "zlib could not start")
        }
    }

    deinit { inflateEnd(&stream) }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while stream.avail_in > 0 {
            if ended {
                // Another member follows the one that ended.
                guard inflateReset(&stream) == Z_OK else { throw DownloadFailure.corrupt(.gzip, "zlib reset failed") }
                ended = false
            }
            let status = try output.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                let produced = buffer.count - Int(stream.avail_out)
                if produced > 0 { try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
                return status
            }
            switch status {
            case Z_STREAM_END: ended = true
            case Z_OK, Z_BUF_ERROR: continue
            default: throw DownloadFailure.corrupt(.gzip, "zlib error \(status)")
            }
        }
    }

    func finish() throws(DownloadFailure) {
        guard ended else { throw .corrupt(.gzip, "the stream ended early") }
    }
}

/// xz through liblzma, concatenated streams included.
final class XZDecoder: StreamDecoder {
    private var stream = lzma_stream()
    private var output = [UInt8](repeating: 0, count: outputChunk)
    private var ended = false

    init() throws(DownloadFailure) {
        // 0x08 is LZMA_CONCATENATED (a macro Swift does not import): streams one after another are read on.
        guard lzma_stream_decoder(&stream, UInt64.max, 0x08) == LZMA_OK else {
            throw .corrupt(.xz, "liblzma could not start")
        }
    }

    deinit { lzma_end(&stream) }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.next_in = base.assumingMemoryBound(to: UInt8.self)
        stream.avail_in = input.count
        try run(action: LZMA_RUN, emit: emit)
    }

    func finish() throws(DownloadFailure) {
        do {
            stream.next_in = nil
            stream.avail_in = 0
            try run(action: LZMA_FINISH) { _ in }
        } catch let failure as DownloadFailure {
            throw failure
        } catch {
            throw .corrupt(.xz, "\(error)")
        }
        guard ended else { throw .corrupt(.xz, "the stream ended early") }
    }

    private func run(action: lzma_action, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            let status = try output.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.avail_out = buffer.count
                let status = lzma_code(&stream, action)
                let produced = buffer.count - stream.avail_out
                if produced > 0 { try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
                return status
            }
            switch status {
            case LZMA_STREAM_END:
                ended = true
                return
            case LZMA_OK:
                if stream.avail_in == 0 && stream.avail_out > 0 { return }
            case LZMA_BUF_ERROR:
                return
            default:
                throw DownloadFailure.corrupt(.xz, "liblzma error \(status.rawValue)")
            }
        }
    }
}

/// zstd through libzstd; frames one after another are read on.
final class ZstdDecoder: StreamDecoder {
    private let context: OpaquePointer
    private var output = [UInt8](repeating: 0, count: outputChunk)
    /// Whether the last frame ended (a hint of 0 from `ZSTD_decompressStream`).
    private var frameEnded = true

    init() throws(DownloadFailure) {
        guard let context = ZSTD_createDCtx() else { throw .corrupt(.zstd, "libzstd could not start") }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        var source = ZSTD_inBuffer(src: base, size: input.count, pos: 0)
        while true {
            let (hint, produced) = try output.withUnsafeMutableBytes { buffer -> (Int, Int) in
                var sink = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                let hint = ZSTD_decompressStream(context, &sink, &source)
                if ZSTD_isError(hint) != 0 {
                    throw DownloadFailure.corrupt(.zstd, String(cString: ZSTD_getErrorName(hint)))
                }
                if sink.pos > 0 { try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<sink.pos])) }
                return (hint, sink.pos)
            }
            frameEnded = hint == 0
            if source.pos == source.size && produced < output.count { return }
        }
    }

    func finish() throws(DownloadFailure) {
        guard frameEnded else { throw .corrupt(.zstd, "the stream ended early") }
    }
}

/// bzip2 through libbz2; concatenated streams, as parallel compressors make, are read on.
final class BZip2Decoder: StreamDecoder {
    private var stream = bz_stream()
    private var output = [UInt8](repeating: 0, count: outputChunk)
    private var ended = false

    init() throws(DownloadFailure) {
        guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else { throw .corrupt(.bzip2, "libbz2 could not start") }
    }

    deinit { BZ2_bzDecompressEnd(&stream) }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
        stream.avail_in = UInt32(input.count)
        while stream.avail_in > 0 {
            if ended {
                // Another stream follows the one that ended.
                BZ2_bzDecompressEnd(&stream)
                let next = stream.next_in
                let left = stream.avail_in
                stream = bz_stream()
                guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
                    throw DownloadFailure.corrupt(.bzip2, "libbz2 could not start again")
                }
                stream.next_in = next
                stream.avail_in = left
                ended = false
            }
            let status = try output.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
                stream.avail_out = UInt32(buffer.count)
                let status = BZ2_bzDecompress(&stream)
                let produced = buffer.count - Int(stream.avail_out)
                if produced > 0 { try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
                return status
            }
            switch status {
            case BZ_STREAM_END: ended = true
            case BZ_OK: continue
            default: throw DownloadFailure.corrupt(.bzip2, "libbz2 error \(status)")
            }
        }
    }

    func finish() throws(DownloadFailure) {
        guard ended else { throw .corrupt(.bzip2, "the stream ended early") }
    }
}
