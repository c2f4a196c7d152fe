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
    let path: String
    let limits: DownloadLimits
    let checksum: ExpectedChecksum?
    let activity: TransferActivity
    let progress: @Sendable (Int64, Int64?) -> Void

    private static let redirectStatuses: Set<UInt> = [301, 302, 303, 307, 308]
    /// How much of a redirect's body is read (and thrown away) before the connection is dropped instead.
    private static let redirectBodyAllowance = 64 * 1024

    /// Executes the request on `client` and handles the response.
    func run(on client: HTTPClient, logger: Logger) async throws -> Outcome {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(pinned.request, deadline: .distantFuture, logger: logger)
        } catch let error as DownloadFailure {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw DownloadFailure.transport(
                "Download failed: could not get a response from \(pinned.displayHost): "
                    + TransportErrorText.describe(error)
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
        guard status < 400 else { throw DownloadFailure.http(status: status, host: pinned.displayHost) }
        guard (200..<300).contains(status) else {
            throw DownloadFailure(
                code: .httpError,
                message: "Download failed: unexpected HTTP \(status) from \(pinned.displayHost)",
                retryable: false
            )
        }
        return .finished(try await store(response))
    }

    /// Streams the body into the file, hashing it and enforcing the size cap and the announced length.
    private func store(_ response: HTTPClientResponse) async throws -> DownloadResult {
        let announced = response.headers.first(name: "content-length").flatMap { Int64($0) }
        var warnings: [String] = []
        if let announced, announced > limits.maxImageBytes {
            throw DownloadFailure.tooLarge(
                limit: limits.maxImageBytes,
                detail: "\(pinned.displayHost) announced \(announced) bytes"
            )
        }
        if announced == nil { warnings.append("Source sent no Content-Length") }
        let file = try DownloadFile(path: path)
        var hasher = PipelinedHasher(requested: checksum?.algorithm)
        var done: Int64 = 0
        var batch = ByteBuffer()
        batch.reserveCapacity(Self.batchBytes + 64 * 1024)
        progress(0, announced)
        do {
            for try await chunk in response.body {
                done += Int64(chunk.readableBytes)
                if done > limits.maxImageBytes {
                    throw DownloadFailure.tooLarge(
                        limit: limits.maxImageBytes,
                        detail: "\(pinned.displayHost) sent \(done) bytes so far"
                    )
                }
                activity.touch()
                // Chunks are gathered into batches of about 1 MiB, so hashing, writing and progress happen once
                // per batch rather than once per network read.
                batch.writeImmutableBuffer(chunk)
                if batch.readableBytes >= Self.batchBytes {
                    try await flush(&batch, into: file, hasher: &hasher)
                    progress(done, announced)
                }
            }
            try await flush(&batch, into: file, hasher: &hasher)
        } catch let error as DownloadFailure {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw DownloadFailure.transport(
                "Download failed: the connection to \(pinned.displayHost) broke after \(done) bytes"
                    + (announced.map { " of \($0)" } ?? "") + " (" + TransportErrorText.describe(error) + ")"
            )
        }
        if let announced, done < announced {
            throw DownloadFailure.transport(
                "Download failed: \(pinned.displayHost) sent \(done) of the \(announced) bytes it announced"
            )
        }
        progress(done, announced)
        let digests = await hasher.finalize()
        return DownloadResult(
            bytes: done,
            md5: digests.md5,
            sha512: digests.sha512,
            requestedDigest: digests.requested,
            warnings: warnings,
            finalURL: url.original
        )
    }

    /// Bytes gathered before they are hashed and written.
    private static let batchBytes = 1 << 20

    /// Hashes and writes the gathered bytes, and empties the batch (keeping its storage).
    private func flush(_ batch: inout ByteBuffer, into file: DownloadFile, hasher: inout PipelinedHasher) async throws {
        guard batch.readableBytes > 0 else { return }
        await hasher.update(batch)
        try batch.withUnsafeReadableBytes { bytes throws(DownloadFailure) in try file.write(bytes) }
        batch.clear()
    }

    /// Reads a redirect's body up to a small allowance; a larger or broken one just ends the connection.
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
