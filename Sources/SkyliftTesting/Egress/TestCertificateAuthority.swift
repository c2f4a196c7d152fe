import Foundation
import NIOSSL

/// A throwaway certificate authority and a server certificate it signed for `localhost` and `127.0.0.1`, made
/// with the `openssl` command line (contract §17: "a local HTTPS server with a test CA").
public struct TestCertificateAuthority: Sendable {
    /// Where `ca.pem`, `server.pem` and `server.key` are.
    public let directory: URL

    /// The CA certificate, PEM: what `import.caFile` names.
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }

    /// Makes the CA and the server certificate in `directory` (which must exist), for `subjectAltNames` (OpenSSL's
    /// syntax). NIOSSL accepts an IP address entry for any name that resolved to it, so a test of name checking
    /// needs a certificate without one.
    public static func make(
        in directory: URL,
        subjectAltNames: String = "DNS:localhost, IP:127.0.0.1"
    ) throws -> TestCertificateAuthority {
        let corpus = ImageCorpus(directory: directory)
        let extensions = directory.appendingPathComponent("server.ext")
        try Data(
            """
            subjectAltName = \(subjectAltNames)
            basicConstraints = CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = serverAuth

            """.utf8
        ).write(to: extensions)
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        try corpus.shell(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            path("ca.key"),
            "-out",
            path("ca.pem"),
            "-days",
            "2",
            "-subj",
            "/CN=Skylift test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign"
        )
        try corpus.shell(
            "openssl",
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            path("server.key"),
            "-out",
            path("server.csr"),
            "-subj",
            "/CN=localhost"
        )
        try corpus.shell(
            "openssl",
            "x509",
            "-req",
            "-in",
            path("server.csr"),
            "-CA",
            path("ca.pem"),
            "-CAkey",
            path("ca.key"),
            "-CAcreateserial",
            "-out",
            path("server.pem"),
            "-days",
            "2",
            "-extfile",
            extensions.path
        )
        return TestCertificateAuthority(directory: directory)
    }

    /// A server TLS configuration presenting the signed certificate.
    public func serverTLS() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(directory.appendingPathComponent("server.pem").path)
        let key = try NIOSSLPrivateKey(file: directory.appendingPathComponent("server.key").path, format: .pem)
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
    }
}
