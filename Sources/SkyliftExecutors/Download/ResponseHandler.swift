import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import SkyliftDomain

/// One request of a download: sends it, then either hands back a redirect's `Location` or streams the body to disk.
struct ResponseHandler: Sendable {
    /// How one request ended.
    enum Outcome: Sendable {
        /// The body was stored.
        case finished(DownloadResult)
        /// A redirect status with this `Location` (not yet resolved or checked).
        case redirect(String)
    }

    let pinned: PinnedRequest
    let url: ImportURL
    let sink: DownloadSink
    let limits: DownloadLimits
    let activity: TransferActivity
    let progress: @Sendable (Int64, Int64?) -> Void

    private static let redirectStatuses: Set<UInt> = [301, 302, 303, 307, 308]
    /// How much of a redirect's body is read (and thrown away) before the connection is dropped instead.
    private static let redirectBodyAllowance = 64 * 1024

    /// Executes the request on `client` and handles the response.
    func run(on client: HTTPClient, logger: Logger) async throws -> Outcome {
        var request = pinned.request
        let offset: Int64
        if sink.canResume, let validator = sink.resumeValidator {
            // Only the missing bytes, and only if the source still has the same file (§17).
            offset = sink.done
            request.headers.replaceOrAdd(name: "Range", value: "bytes=\(offset)-")
            request.headers.replaceOrAdd(name: "If-Range", value: validator)
        } else {
            offset = 0
            if sink.done > 0 { try sink.restart() }
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .distantFuture, logger: logger)
        } catch let error as DownloadFailure {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw DownloadFailure(
                code: .downloadFailed,
                message: "Download failed: could not get a response from \(pinned.displayHost): "
                    + TransportErrorText.describe(error),
                retryable: !TransportErrorText.isTLSFailure(error)
            )
        }
        activity.bodyStarted(host: pinned.displayHost)
        let status = Int(response.status.code)
        if Self.redirectStatuses.contains(response.status.code) {
            guard let location = response.headers.first(name: "location"), !location.isEmpty else {
                throw DownloadFailure.transport(
                    "Download failed: \(pinned.displayHost) answered HTTP \(status) without a Location header"
                )
            }
            await discard(response.body)
            return .redirect(location)
        }
        guard status < 400 else {
            let retryAfter = response.headers.first(name: "retry-after").flatMap { Int($0) }
            throw DownloadFailure.http(status: status, host: pinned.displayHost, retryAfter: retryAfter)
        }
        guard (200..<300).contains(status) else {
            throw DownloadFailure(
                code: .httpError,
                message: "Download failed: unexpected HTTP \(status) from \(pinned.displayHost)",
                retryable: false
            )
        }
        return .finished(try await store(response, askedFrom: offset))
    }

    /// Streams the body into the file, hashing it and enforcing the size cap and the announced length.
    private func store(_ response: HTTPClientResponse, askedFrom offset: Int64) async throws -> DownloadResult {
        let length = response.headers.first(name: "content-length").flatMap { Int64($0) }
        let host = pinned.displayHost
        if offset > 0 {
            let range = response.headers.first(name: "content-range")
            if response.status.code == 206, let range, let (start, size) = Self.contentRange(range), start == offset {
                sink.total = size ?? length.map { offset + $0 }
            } else if response.status.code == 206 {
                try sink.restart()
                sink.warn(
                    "\(host) answered the range \(range ?? "(none)") instead of the missing bytes from \(offset): "
                        + "the download started again from byte 0"
                )
                throw DownloadFailure.transport(
                    "Download failed: \(host) answered another range than the one asked for"
                )
            } else {
                try sink.restart()
                sink.warn(
                    "\(host) sent the whole file (HTTP \(response.status.code)) instead of the missing bytes from "
                        + "\(offset), so it changed or ignores ranges: the download started again from byte 0"
                )
                sink.total = length
            }
        } else {
            sink.total = length
        }
        // A retry may resume only with a strong validator of this very file.
        let ranges = response.headers.first(name: "accept-ranges")?.lowercased() == "bytes"
        let etag = response.headers.first(name: "etag").flatMap { $0.hasPrefix("W/") ? nil : $0 }
        sink.resumeValidator = ranges ? etag ?? response.headers.first(name: "last-modified") : nil
        if let total = sink.total, total > limits.maxImageBytes {
            throw DownloadFailure.tooLarge(limit: limits.maxImageBytes, detail: "\(host) announced \(total) bytes")
        }
        if length == nil { sink.warn("Source sent no Content-Length") }
        var batch = ByteBuffer()
        batch.reserveCapacity(DownloadSink.receivedBatchBytes + 64 * 1024)
        progress(sink.done, sink.total)
        let clock = ContinuousClock()
        var lastAppend = clock.now
        do {
            for try await chunk in response.body {
                batch.writeImmutableBuffer(chunk)
                let seen = sink.done + Int64(batch.readableBytes)
                if seen > limits.maxImageBytes {
                    throw DownloadFailure.tooLarge(
                        limit: limits.maxImageBytes,
                        detail: "\(host) sent \(seen) bytes so far"
                    )
                }
                activity.touch()
                // Chunks are gathered into batches (1 MiB, 4 MiB for a decoder), so hashing, decoding, writing and
                // progress happen once per batch rather than once per network read; a slow source's batch is taken
                // at least every half second, so its progress and the bytes on disk stay current.
                if batch.readableBytes >= sink.batchBytes || clock.now - lastAppend >= Self.batchInterval {
                    try await sink.append(batch)
                    batch.clear()
                    lastAppend = clock.now
                    progress(sink.done, sink.total)
                }
            }
            try await sink.append(batch)
        } catch let error as DownloadFailure {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            // What arrived is kept, so a retry can ask for the rest.
            try? await sink.append(batch)
            throw DownloadFailure.transport(
                "Download failed: the connection to \(host) broke after \(sink.done) bytes"
                    + (sink.total.map { " of \($0)" } ?? "") + " (" + TransportErrorText.describe(error) + ")"
            )
        }
        if let total = sink.total, sink.done < total {
            throw DownloadFailure.transport(
                "Download failed: \(host) sent \(sink.done) of the \(total) bytes it announced"
            )
        }
        progress(sink.done, sink.total)
        let digests = try await sink.finalize()
        return DownloadResult(
            bytes: sink.stored,
            downloadedBytes: sink.done,
            md5: digests.md5,
            sha512: digests.sha512,
            requestedDigest: digests.requested,
            warnings: sink.warnings,
            finalURL: url.original
        )
    }

    /// `bytes <start>-<end>/<size>` → the start and the whole size (nil for `*`).
    static func contentRange(_ header: String) -> (start: Int64, size: Int64?)? {
        guard header.hasPrefix("bytes ") else { return nil }
        let parts = header.dropFirst("bytes ".count).split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let dash = parts[0].firstIndex(of: "-"), let start = Int64(parts[0][..<dash]) else {
            return nil
        }
        return (start, Int64(parts[1]))
    }

    private static let batchInterval = Duration.milliseconds(500)

    /// Hashes and writes the gathered bytes, and empties the batch (keeping its storage).
    private func discard(_ body: HTTPClientResponse.Body) async {
        var seen = 0
        do {
            for try await chunk in body {
                seen += chunk.readableBytes
                if seen > Self.redirectBodyAllowance { return }
            }
        } catch {
            return
        }
    }
}
