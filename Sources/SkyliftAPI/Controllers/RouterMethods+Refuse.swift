import HTTPTypes
import Hummingbird

extension RouterMethods {
    /// Answers each of `methods` on `path` with 405 and `Allow: <allow>` (contract §4.4).
    func refuse(_ methods: [HTTPRequest.Method], on path: RouterPath, allow: [HTTPRequest.Method]) {
        for method in methods {
            on(path, method: method) { request, _ -> Response in
                throw APIError.methodNotAllowed(request.method, allow: allow)
            }
        }
    }
}
