import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SkyliftDomain
import SkyliftMetrics

/// `GET /metrics` (contract §12): every metric in Prometheus's text format, no identity needed. The gauges of
/// tasks by status, queue depth and oldest pending age are read from the store at each scrape, so every process
/// of a cluster reports the same numbers; when the store does not answer they keep their last values.
struct MetricsController: Sendable {
    let store: any TaskStore
    let metrics: ServiceMetrics
    let clock: any WallClock
    let exposition: @Sendable () -> [UInt8]

    func addRoutes(to router: Router<SkyliftRequestContext>) {
        router.get("metrics") { _, context -> Response in
            do {
                metrics.record(try await store.statistics(now: clock.now()))
            } catch {
                context.logger.error("could not read task statistics", metadata: ["error": "\(error)"])
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: exposition()))
            )
        }
    }
}
