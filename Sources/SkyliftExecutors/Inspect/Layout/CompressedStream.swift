import CZlib

/// Where a qcow2 compressed cluster's stream ends: a raw deflate stream (compression type 0) or a zstd frame (1).
enum CompressedStream {
    /// The number of bytes of `bytes` the stream occupies, or `nil` when it does not end within them.
    static func length(of bytes: [UInt8], type: UInt8) -> Int? {
        switch type {
        case 0: deflateLength(of: bytes)
        case 1: zstdFrameLength(of: bytes)
        default: nil
        }
    }

    /// Inflates `bytes` as raw deflate (qemu writes it with a 4 KiB window) until the stream's final block ends.
    static func deflateLength(of bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: 64 << 10)
        return input.withUnsafeMutableBufferPointer { inputBuffer -> Int? in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while true {
                let status = output.withUnsafeMutableBufferPointer { outputBuffer -> Int32 in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = uInt(outputBuffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                if status == Z_STREAM_END { return Int(stream.total_in) }
                guard status == Z_OK, stream.avail_in > 0 || stream.avail_out == 0 else { return nil }
            }
        }
    }

    /// Walks a zstd frame's header and block headers (RFC 8878) to its end, checksum included.
    static func zstdFrameLength(of bytes: [UInt8]) -> Int? {
        guard bytes.count >= 5, bytes.littleEndian(0, 4) == 0xFD2F_B528 else { return nil }
        let descriptor = bytes[4]
        let singleSegment = descriptor & 0x20 != 0
        let contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][Int(descriptor >> 6)]
        let dictionaryBytes = [0, 1, 2, 4][Int(descriptor & 3)]
        var position = 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes
        while position + 3 <= bytes.count {
            let block = bytes.littleEndian(position, 3)
            let size = Int(block >> 3)
            position += 3
            switch (block >> 1) & 3 {
            case 0, 2: position += size
            case 1: position += 1
            default: return nil
            }
            if block & 1 != 0 {
                position += descriptor & 4 != 0 ? 4 : 0
                return position <= bytes.count ? position : nil
            }
        }
        return nil
    }
}
