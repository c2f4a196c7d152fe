import CCompression
import CZlib

/// gzip through zlib (`inflateInit2` with gzip framing); concatenated members, as `cat a.gz b.gz` makes, are read on.
final class GzipDecoder: StreamDecoder {
    private var stream = z_stream()
    private var ended = false

    init() throws(DownloadFailure) {
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt(.gzip, "zlib could not start")
        }
    }

    deinit { inflateEnd(&stream) }

    func setInput(_ input: UnsafeRawBufferPointer) {
        stream.next_in = input.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
        }
        stream.avail_in = uInt(input.count)
    }

    func next(into output: UnsafeMutableRawBufferPointer) throws(DownloadFailure) -> Int {
        guard let base = output.baseAddress else { return 0 }
        stream.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        // At least one call each time, so output zlib still holds comes out even when the input is used up.
        repeat {
            if ended {
                guard stream.avail_in > 0 else { break }
                // Another member follows the one that ended.
                guard inflateReset(&stream) == Z_OK else { throw .corrupt(.gzip, "zlib reset failed") }
                ended = false
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END: ended = true
            case Z_OK: break
            case Z_BUF_ERROR: return output.count - Int(stream.avail_out)
            default: throw .corrupt(.gzip, "zlib error \(status)")
            }
        } while stream.avail_in > 0 && stream.avail_out > 0
        return output.count - Int(stream.avail_out)
    }

    func finish() throws(DownloadFailure) {
        guard ended else { throw .corrupt(.gzip, "the stream ended early") }
    }
}

/// xz through liblzma, concatenated streams included.
final class XZDecoder: StreamDecoder {
    private var stream = lzma_stream()
    private var ended = false

    init() throws(DownloadFailure) {
        // The threaded decoder: a file of several blocks (what `xz -T` writes, as distributions publish) is decoded
        // on two threads, one block each; a single-block file runs on one, as the plain decoder would.
        var options = lzma_mt()
        // 0x08 is LZMA_CONCATENATED (a macro Swift does not import): streams one after another are read on.
        options.flags = 0x08
        options.threads = 2
        // Past this much memory for threads, decoding goes on single-threaded rather than failing.
        options.memlimit_threading = 256 << 20
        options.memlimit_stop = UInt64.max
        guard lzma_stream_decoder_mt(&stream, &options) == LZMA_OK else {
            throw .corrupt(.xz, "liblzma could not start")
        }
    }

    deinit { lzma_end(&stream) }

    func setInput(_ input: UnsafeRawBufferPointer) {
        stream.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.avail_in = input.count
    }

    func next(into output: UnsafeMutableRawBufferPointer) throws(DownloadFailure) -> Int {
        try code(into: output, action: LZMA_RUN)
    }

    func finish() throws(DownloadFailure) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { scratch.deallocate() }
        stream.next_in = nil
        stream.avail_in = 0
        _ = try code(into: scratch, action: LZMA_FINISH)
        guard ended else { throw .corrupt(.xz, "the stream ended early") }
    }

    private func code(into output: UnsafeMutableRawBufferPointer, action: lzma_action) throws(DownloadFailure) -> Int {
        guard let base = output.baseAddress else { return 0 }
        stream.next_out = base.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = output.count
        // At least one call each time, so output liblzma still holds comes out even when the input is used up.
        repeat {
            if ended { break }
            let status = lzma_code(&stream, action)
            switch status {
            case LZMA_STREAM_END: ended = true
            case LZMA_OK: break
            case LZMA_BUF_ERROR: return output.count - stream.avail_out
            default: throw .corrupt(.xz, "liblzma error \(status.rawValue)")
            }
        } while stream.avail_out > 0 && (stream.avail_in > 0 || action == LZMA_FINISH)
        return output.count - stream.avail_out
    }
}

/// zstd through libzstd; frames one after another are read on.
final class ZstdDecoder: StreamDecoder {
    private let context: OpaquePointer
    private var source = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
    /// Whether the last frame ended (a hint of 0 from `ZSTD_decompressStream`).
    private var frameEnded = true

    init() throws(DownloadFailure) {
        guard let context = ZSTD_createDCtx() else { throw .corrupt(.zstd, "libzstd could not start") }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    func setInput(_ input: UnsafeRawBufferPointer) {
        source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
    }

    func next(into output: UnsafeMutableRawBufferPointer) throws(DownloadFailure) -> Int {
        var sink = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        while sink.pos < sink.size && source.pos < source.size {
            let hint = ZSTD_decompressStream(context, &sink, &source)
            if ZSTD_isError(hint) != 0 { throw .corrupt(.zstd, String(cString: ZSTD_getErrorName(hint))) }
            frameEnded = hint == 0
        }
        // Output the decoder still holds is flushed by further calls with no new input.
        if sink.pos < sink.size && source.pos == source.size && !frameEnded {
            let hint = ZSTD_decompressStream(context, &sink, &source)
            if ZSTD_isError(hint) != 0 { throw .corrupt(.zstd, String(cString: ZSTD_getErrorName(hint))) }
            frameEnded = hint == 0
        }
        return sink.pos
    }

    func finish() throws(DownloadFailure) {
        guard frameEnded else { throw .corrupt(.zstd, "the stream ended early") }
    }
}

/// bzip2 through libbz2; concatenated streams, as parallel compressors make, are read on.
final class BZip2Decoder: StreamDecoder {
    private var stream = bz_stream()
    private var ended = false

    init() throws(DownloadFailure) {
        guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else { throw .corrupt(.bzip2, "libbz2 could not start") }
    }

    deinit { BZ2_bzDecompressEnd(&stream) }

    func setInput(_ input: UnsafeRawBufferPointer) {
        stream.next_in = input.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self))
        }
        stream.avail_in = UInt32(input.count)
    }

    func next(into output: UnsafeMutableRawBufferPointer) throws(DownloadFailure) -> Int {
        guard let base = output.baseAddress else { return 0 }
        stream.next_out = base.assumingMemoryBound(to: CChar.self)
        stream.avail_out = UInt32(output.count)
        // At least one call each time, so output libbz2 still holds comes out even when the input is used up.
        repeat {
            if ended {
                guard stream.avail_in > 0 else { break }
                // Another stream follows the one that ended.
                let next = stream.next_in
                let left = stream.avail_in
                let out = stream.next_out
                let room = stream.avail_out
                BZ2_bzDecompressEnd(&stream)
                stream = bz_stream()
                guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
                    throw .corrupt(.bzip2, "libbz2 could not start again")
                }
                stream.next_in = next
                stream.avail_in = left
                stream.next_out = out
                stream.avail_out = room
                ended = false
            }
            let before = stream.avail_out
            let status = BZ2_bzDecompress(&stream)
            switch status {
            case BZ_STREAM_END: ended = true
            case BZ_OK: if stream.avail_in == 0 && stream.avail_out == before { return output.count - Int(before) }
            default: throw .corrupt(.bzip2, "libbz2 error \(status)")
            }
        } while stream.avail_in > 0 && stream.avail_out > 0
        return output.count - Int(stream.avail_out)
    }

    func finish() throws(DownloadFailure) {
        guard ended else { throw .corrupt(.bzip2, "the stream ended early") }
    }
}
