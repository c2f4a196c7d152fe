import HTTPTypes
import Hummingbird
import Logging
import SkyliftDomain

/// `GET /healthcheck`: 200 `OK` when the database answers, 503 otherwise.
public struct HealthController: Sendable {
    let store: any TaskStore

    public init(store: any TaskStore) {
        self.store = store
    }

    public func addRoutes(to router: Router<SkyliftRequestContext>) {
        router.get("healthcheck") { _, context -> Response in
            do {
                try await self.store.ping()
                return JSONResponse.text("OK", contentType: "text/plain; charset=UTF-8")
            } catch {
                context.logger.error("health check failed", metadata: ["error": .string(String(describing: error))])
                return JSONResponse.text(
                    "Service Unavailable",
                    status: .serviceUnavailable,
                    contentType: "text/plain; charset=UTF-8"
                )
            }
        }
    }
}
