import JSONSchema
import SkyliftDomain

/// What a JWT's claims must hold, and where the principal is read from (contract §3.1).
public struct ClaimRules: Sendable, Equatable {
    /// `auth.jwtIssuer`: when set, `iss` must equal it.
    public var issuer: String?
    /// `auth.jwtAudience`: when set, `aud` (a string or a list of strings) must include it.
    public var audience: String?
    /// `auth.jwtProjectClaim`: the claim holding the project id.
    public var projectClaim: String
    /// `auth.jwtRolesClaim`: the claim holding the roles, a list of strings.
    public var rolesClaim: String

    public init(
        issuer: String? = nil,
        audience: String? = nil,
        projectClaim: String = "project_id",
        rolesClaim: String = "roles"
    ) {
        self.issuer = issuer
        self.audience = audience
        self.projectClaim = projectClaim
        self.rolesClaim = rolesClaim
    }

    /// The principal of a token whose signature has been checked, with the instant it expires.
    ///
    /// `exp` is required, `nbf` is honoured, `iss` and `aud` are checked when configured; `sub` is the user,
    /// the project claim is required, the roles claim (absent means no roles) must be a list of strings. No
    /// leeway is given on `exp` and `nbf`.
    func verifiedToken(from claims: JSONObject, now: Timestamp) -> Result<VerifiedToken, TokenRejection> {
        Result { () throws(TokenRejection) in
            guard let expires = try Self.numericDate(claims["exp"], name: "exp", required: true) else {
                throw .invalidClaim("the exp claim is required")
            }
            let seconds = Double(now.microseconds) / 1_000_000
            guard seconds < expires else { throw .expired }
            if let notBefore = try Self.numericDate(claims["nbf"], name: "nbf", required: false),
                seconds < notBefore
            {
                throw .notYetValid
            }
            if let issuer, claims["iss"]?.stringValue != issuer { throw .wrongIssuer(expected: issuer) }
            if let audience, !Self.audiences(claims["aud"]).contains(audience) {
                throw .wrongAudience(expected: audience)
            }
            let project = try Self.identifier(Self.claim(projectClaim, in: claims), name: projectClaim, required: true)
            let user = try Self.identifier(claims["sub"], name: "sub", required: false)
            let roles = try Self.roles(Self.claim(rolesClaim, in: claims), name: rolesClaim)
            return VerifiedToken(
                principal: Principal(projectID: project ?? "", userID: user, roles: roles),
                expiresAt: Timestamp(microseconds: Int64(min(expires, 9e12).rounded(.down)) * 1_000_000)
            )
        }
    }

    /// The claim called `name`, or, when there is none and the name is dotted, the value at that path through
    /// nested objects (`realm_access.roles`, as Keycloak puts roles).
    static func claim(_ name: String, in claims: JSONObject) -> JSONValue? {
        if let value = claims[name] { return value }
        var current: JSONValue? = .object(claims)
        for part in name.split(separator: ".", omittingEmptySubsequences: false) {
            current = current?.objectValue?[String(part)]
        }
        return current
    }

    /// `value`, which must be there when `required`.
    private static func present(
        _ value: JSONValue?,
        _ name: String,
        required: Bool
    ) throws(TokenRejection) -> JSONValue? {
        if value == nil && required { throw .invalidClaim("the \(name) claim is required") }
        return value
    }

    /// A NumericDate claim (seconds since the epoch, integer or not).
    private static func numericDate(
        _ value: JSONValue?,
        name: String,
        required: Bool
    ) throws(TokenRejection) -> Double? {
        guard let value = try present(value, name, required: required) else { return nil }
        guard let seconds = value.doubleValue, seconds.isFinite else {
            throw .invalidClaim("\(name) must be a number of seconds since the epoch, not a \(value.typeName)")
        }
        return seconds
    }

    /// A project or user id: a non-empty string of at most `Principal.maxIDLength` characters.
    private static func identifier(
        _ value: JSONValue?,
        name: String,
        required: Bool
    ) throws(TokenRejection) -> String? {
        guard let value = try present(value, name, required: required) else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw .invalidClaim("\(name) must be a non-empty string")
        }
        guard text.count <= Principal.maxIDLength else {
            throw .invalidClaim("\(name) is longer than \(Principal.maxIDLength) characters")
        }
        guard !hasControlCharacters(text) else { throw .invalidClaim("\(name) must not hold control characters") }
        return text
    }

    /// The roles claim: absent means none; otherwise a list of strings.
    private static func roles(_ value: JSONValue?, name: String) throws(TokenRejection) -> [String] {
        guard let value else { return [] }
        guard let items = value.arrayValue else {
            throw .invalidClaim("\(name) must be a list of strings, not a \(value.typeName)")
        }
        return try items.map { (item) throws(TokenRejection) -> String in
            guard let role = item.stringValue, role.count <= Principal.maxIDLength else {
                throw .invalidClaim("\(name) must be a list of strings of at most \(Principal.maxIDLength) characters")
            }
            guard !hasControlCharacters(role) else { throw .invalidClaim("\(name) must not hold control characters") }
            return role
        }
    }

    /// Whether `text` holds a control character (NUL among them, which no PostgreSQL text can hold): identities
    /// are names, and headers mode cannot carry them either.
    private static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// `aud` as a list (RFC 7519 allows one string or a list of strings).
    private static func audiences(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let audience)?: [audience]
        case .array(let items)?: items.compactMap(\.stringValue)
        default: []
        }
    }
}

/// A token that passed every check: whose it is and until when.
public struct VerifiedToken: Sendable, Equatable {
    public var principal: Principal
    /// The token's `exp` (whole seconds): no cache keeps it past this.
    public var expiresAt: Timestamp
}
