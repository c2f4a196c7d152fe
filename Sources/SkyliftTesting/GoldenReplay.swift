import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONSchema
import Logging
import SkyliftAPI
import SkyliftDomain

/// What Skylift answered to one replayed exchange.
public struct GoldenReplyRecord: Sendable {
    /// The request target as sent: Glance's task ids rewritten to Skylift's.
    public let target: String
    public let reply: JSONReply
}

/// The outcome of a replay: Skylift's answer per exchange title, and the task ids learned on the way.
public struct GoldenReplayLog: Sendable {
    public internal(set) var replies: [String: GoldenReplyRecord] = [:]
    public internal(set) var ids = GoldenIDMap()
}

/// Replays transcript exchanges in file order against Skylift, with one store behind both of Glance's ports, as the
/// transcripts had one database behind both: 9292 (Glance's default, admin-only policy) is `service` itself, 9293
/// (the members-allowed Glance) is the same store and clock under `relaxedPolicy`.
public struct GoldenReplay: Sendable {
    /// The transcripts' port for Glance's default policy.
    public static let defaultPolicyPort = 9292
    /// The transcripts' port for the members-allowed policy.
    public static let relaxedPolicyPort = 9293

    public let service: TestService
    public let relaxedPolicy: PolicyEngine

    public init(service: TestService, relaxedPolicy: PolicyEngine) {
        self.service = service
        self.relaxedPolicy = relaxedPolicy
    }

    /// Sends each exchange's request (task ids rewritten through the map), records the answer and learns ids.
    ///
    /// - Parameter beforeSection: called when the replay enters another `## ` section, before its first exchange.
    /// - Throws: `GoldenTranscriptError` for an exchange recorded on another port; the client's errors.
    public func run(
        _ exchanges: [GoldenExchange],
        beforeSection: @Sendable (String) async throws -> Void = { _ in }
    ) async throws -> GoldenReplayLog {
        try await service.application().test(.router) { standard in
            try await service.application(policy: relaxedPolicy).test(.router) { relaxed in
                var log = GoldenReplayLog()
                var section: String?
                for exchange in exchanges {
                    if exchange.section != section {
                        section = exchange.section
                        try await beforeSection(exchange.section)
                    }
                    let client: any TestClientProtocol
                    switch exchange.request.port {
                    case Self.defaultPolicyPort: client = standard
                    case Self.relaxedPolicyPort: client = relaxed
                    default:
                        throw GoldenTranscriptError(
                            line: exchange.line,
                            title: exchange.title,
                            problem: "no Skylift stands in for \(exchange.request.host)"
                        )
                    }
                    let target = log.ids.rewrite(exchange.request.target)
                    let reply = try await Self.send(exchange.request, target: target, ids: log.ids, client)
                    log.ids.learn(glance: exchange.response, skylift: reply)
                    log.replies[exchange.title] = GoldenReplyRecord(target: target, reply: reply)
                }
                return log
            }
        }
    }

    /// The recorded request with its headers as curl sent them, except `Host` (the test client's authority is
    /// `localhost`) and `Content-Length` (the client frames the body itself).
    private static func send(
        _ request: GoldenRequest,
        target: String,
        ids: GoldenIDMap,
        _ client: any TestClientProtocol
    ) async throws -> JSONReply {
        var headers = HTTPFields()
        for field in request.headers where field.name != .transcriptHost && field.name != .contentLength {
            headers.append(field)
        }
        let reply = try await client.execute(
            uri: target,
            method: request.method,
            headers: headers,
            body: request.body.map { ByteBuffer(string: ids.rewrite($0)) }
        ) { response in JSONReply(response) }
        ServedSchemaCheck.check(request.method, target, reply)
        return reply
    }
}

extension TestService {
    /// The application over this service's store, clock and URL rules, under another policy: a second port in
    /// front of the same database.
    public func application(policy: PolicyEngine) -> some ApplicationProtocol {
        var dependencies = self.dependencies
        dependencies.policy = policy
        var logger = Logger(label: "skylift-test")
        logger.logLevel = .critical
        return Application(router: buildRouter(dependencies), logger: logger)
    }
}
