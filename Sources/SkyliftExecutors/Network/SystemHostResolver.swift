import Dispatch
import SkyliftDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system resolver (`getaddrinfo`), run on a dispatch queue because it blocks.
///
/// A name that does not resolve gives an empty list; the caller decides what that means.
public struct SystemHostResolver: HostResolver {
    private static let queue = DispatchQueue(label: "skylift.resolver", attributes: .concurrent)

    public init() {}

    public func resolve(host: String) async throws -> [IPAddress] {
        await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Self.lookup(host)) }
        }
    }

    private static func lookup(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = Self.address(entry.pointee), !addresses.contains(address) { addresses.append(address) }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

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
                    let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    return .v6(high: high, low: low)
                }
            }
        default:
            return nil
        }
    }
}
