import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Reading a `postgres://` URL into the client's configuration.
extension PostgresRepository {
    /// Whether `name` is a plain SQL identifier (lower-case letters, digits, `_`, not starting with a digit).
    static func isPlainName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), !(0x30...0x39).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// `url` without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "***"
        return c.string ?? url
    }

    /// The client configuration for a `postgres://` or `postgresql://` URL.
    static func configuration(url: String) throws(StorageError) -> PostgresClient.Configuration {
        let fail = { (why: String) in StorageError(operation: "open \(Self.redacted(url))", message: why) }
        guard let c = URLComponents(string: url), let scheme = c.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw fail("not a postgres://user:password@host:port/database URL")
        }
        guard let user = c.user, !user.isEmpty else { throw fail("the URL names no user") }
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        let password = c.password?.removingPercentEncoding ?? c.password
        let username = user.removingPercentEncoding ?? user
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            let port = c.port ?? 5432
            return PostgresClient.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username, password: password,
                database: database.isEmpty ? nil : database)
        }
        guard let host = c.host, !host.isEmpty else { throw fail("the URL names no host") }
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-full": tls = .require(.makeClientConfiguration())
        case let other: throw fail("sslmode '\(other)' is not disable, prefer or require")
        }
        return PostgresClient.Configuration(
            host: host, port: c.port ?? 5432, username: username, password: password,
            database: database.isEmpty ? nil : database, tls: tls)
    }
}
