import Dispatch
import SkyliftDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system resolver (`getaddrinfo`, `AF_UNSPEC`, `SOCK_STREAM`), run on a dispatch queue because it blocks.
///
/// A name that does not exist (`EAI_NONAME`, `EAI_NODATA`) and any name under `.invalid` (RFC 6761, answered
/// without a lookup) give an empty list; any other failure (e.g. `EAI_AGAIN`, no DNS server) throws `LookupError`.
public struct SystemHostResolver: HostResolver {
    /// A lookup that failed for another reason than the name not existing.
    public struct LookupError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The `getaddrinfo` return code.
        public let code: Int32
        /// `gai_strerror`'s text for `code`.
        public let description: String
    }

    private let queue: DispatchQueue

    /// A resolver running its lookups on `queue` (by default its own concurrent queue, off the Swift thread pool).
    public init(queue: DispatchQueue = DispatchQueue(label: "skylift.host-resolver", attributes: .concurrent)) {
        self.queue = queue
    }

    /// The unique addresses of `host`, in the resolver's order.
    public func resolve(host: String) async throws -> [IPAddress] {
        let name = host.lowercased()
        if name.isEmpty || name == "invalid" || name.hasSuffix(".invalid") || name.hasSuffix(".invalid.") { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { () throws(LookupError) in try Self.lookup(host) }) }
        }
    }

    /// One blocking `getaddrinfo` call.
    private static func lookup(_ host: String) throws(LookupError) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            if status == EAI_NONAME || status == noData || status == 0 { return [] }
            throw LookupError(code: status, description: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = Self.address(entry.pointee), !addresses.contains(address) { addresses.append(address) }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    /// `EAI_NODATA` (the name exists without addresses), which the Swift Glibc overlay does not export.
    #if canImport(Darwin)
    private static let noData = EAI_NODATA
    #else
    private static let noData: Int32 = -5
    #endif

    /// The address of one `addrinfo` entry, if it is IPv4 or IPv6.
    private static func address(_ info: addrinfo) -> IPAddress? {
        guard let socketAddress = info.ai_addr else { return nil }
        switch info.ai_family {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                .v4(UInt32(bigEndian: $0.pointee.sin_addr.s_addr))
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { bytes in
                    .v6(bytes.prefix(16).reduce(UInt128(0)) { $0 << 8 | UInt128($1) })
                }
            }
        default:
            return nil
        }
    }
}
