import Foundation
import SkyliftStore

/// Which store the API and worker harnesses run on: SQLite, or PostgreSQL when `SKYLIFT_TEST_STORE=postgres`
/// (scripts/test.sh runs the API, worker and lifecycle suites a second time so, on the server of
/// scripts/with-postgres.sh).
public enum TestStore {
    /// Whether the harnesses run on PostgreSQL.
    public static var isPostgres: Bool {
        ProcessInfo.processInfo.environment["SKYLIFT_TEST_STORE"] == "postgres"
    }

    /// A fresh, empty store of the chosen kind; a PostgreSQL store's connections close when this is gone, and the
    /// next store may open.
    public final class Fresh: Sendable {
        public let store: any TaskDatabase
        private let postgres: PostgresTaskStore?

        fileprivate init(_ store: any TaskDatabase, postgres: PostgresTaskStore?) {
            self.store = store
            self.postgres = postgres
        }

        deinit {
            guard let postgres else { return }
            postgres.shutdown()
            Task { await openStores.release() }
        }
    }

    /// At most this many PostgreSQL stores of the harnesses are open at once: Swift Testing runs every test of a
    /// suite at the same time, and each store holds up to three connections (two pooled, one listening) of the
    /// test server's 400.
    static let openStores = Permits(60)

    /// A fresh, empty store of the chosen kind.
    public static func fresh() async throws -> Fresh {
        if isPostgres {
            await openStores.acquire()
            do {
                let store = try await TestPostgres.freshStore(maxConnections: 2)
                return Fresh(store, postgres: store)
            } catch {
                await openStores.release()
                throw error
            }
        }
        return Fresh(try SQLiteTaskStore(location: .memory), postgres: nil)
    }

    /// A counting semaphore for async code.
    actor Permits {
        private var available: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { available = count }

        func acquire() async {
            if available > 0 {
                available -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty {
                available += 1
            } else {
                waiting.removeFirst().resume()
            }
        }
    }
}
