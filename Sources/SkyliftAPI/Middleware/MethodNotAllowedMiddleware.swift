import HTTPTypes
import Hummingbird
import Synchronization

/// The routes the router serves, by path template, and whether a path needs an identity; filled once the router
/// is built, read when a request matched no route.
public final class KnownRoutes: Sendable {
    /// One path template and the methods it serves.
    public struct Entry: Sendable, Hashable {
        /// The template as the router holds it (`/v2/tasks/{id}`).
        public var path: String
        /// Its methods, in the order an `Allow` header lists them.
        public var methods: [HTTPRequest.Method]
        /// Whether a request to it needs an identity (401 before 405).
        public var needsIdentity: Bool
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// Every path template the router serves, with its methods.
    public var all: [Entry] { entries.withLock { $0 } }

    /// Takes the router's routes; the paths of `publicRoutes` need no identity.
    func record(
        _ routes: [Router<SkyliftRequestContext>.RouteDescription],
        publicPaths: Set<String>
    ) {
        var methods: [String: Set<HTTPRequest.Method>] = [:]
        for route in routes { methods[route.path.description, default: []].insert(route.method) }
        let made = methods.map { path, methods in
            Entry(
                path: path,
                methods: Self.allowOrder.filter(methods.contains)
                    + methods.subtracting(Self.allowOrder).sorted {
                        $0.rawValue < $1.rawValue
                    },
                needsIdentity: !publicPaths.contains(path)
            )
        }
        entries.withLock { $0 = made.sorted { $0.path < $1.path } }
    }

    /// The order of methods in an `Allow` header (Glance lists `GET, POST` and `GET, DELETE`).
    static let allowOrder: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    /// The entry whose template matches `path` (`{name}` matches one segment).
    func entry(matching path: String) -> Entry? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return entries.withLock { entries in
            entries.first { entry in
                let template = entry.path.split(separator: "/", omittingEmptySubsequences: true)
                return template.count == segments.count
                    && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0.hasPrefix(":") || $0 == $1 }
            }
        }
    }
}

/// Any method on a known path that the path does not serve is a 405 with `Allow` naming those it does (contract
/// §4.4), after the identity check its routes make (401 first), instead of the router's 404. One table, read from
/// the router itself, so a new route cannot be left without its 405s.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = SkyliftRequestContext

    let routes: KnownRoutes

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            guard let entry = routes.entry(matching: request.uri.path) else { throw error }
            context.coreContext.endpointPath.value = entry.path
            if entry.needsIdentity { _ = try AuthenticatedRequestContext(context: context) }
            throw APIError.methodNotAllowed(request.method, allow: entry.methods)
        }
    }
}
