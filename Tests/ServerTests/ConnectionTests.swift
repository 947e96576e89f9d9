import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking TCP connection to loopback, for clients that HTTP libraries will not imitate (idle,
/// slow, half-sent). Use it from `onThread`, never on the concurrency pool.
final class RawConnection: @unchecked Sendable {
    let fd: Int32

    init?(port: Int) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if ok != 0 {
            Glibc.close(fd)
            return nil
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends all of `text`; false when the connection refused it.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Reads until the server closes the connection, `until` appears in what was read, or
    /// `seconds` pass; returns what was read, whether the server closed it, and when.
    func read(seconds: Double, until marker: String? = nil) -> (text: String, closed: Bool, elapsed: Double) {
        let start = Date()
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = seconds - Date().timeIntervalSince(start)
            if left <= 0 { return (String(decoding: data, as: UTF8.self), false, Date().timeIntervalSince(start)) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(max(1, left * 1000)))
            if r <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (String(decoding: data, as: UTF8.self), true, Date().timeIntervalSince(start)) }
            data += buffer[0..<n]
            if let marker, String(decoding: data, as: UTF8.self).contains(marker) {
                return (String(decoding: data, as: UTF8.self), false, Date().timeIntervalSince(start))
            }
        }
    }
}

/// Runs blocking `work` on its own thread.
func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { c in
        let t = Thread { c.resume(returning: work()) }
        t.start()
    }
}

@Suite("Connections are bounded")
struct ConnectionTests {
    static let short = ConnectionLimits(
        maxConnections: 64, idleTimeout: .seconds(2), headerTimeout: .milliseconds(600), bodyTimeout: .milliseconds(600))

    @Test("an idle connection is closed after the idle timeout; one that is used stays open between requests")
    func idle() async throws {
        try await Fixture.withApp(connections: Self.short, live: true) { client, _, _ in
            let port = try #require(client.port)
            let idle = await onThread { () -> (String, Bool, Double) in
                guard let c = RawConnection(port: port) else { return ("", false, 0) }
                return c.read(seconds: 10)
            }
            #expect(idle.1, "the server closed the idle connection")
            #expect(idle.2 < 5)
            // Two requests on one connection, each within the idle timeout: both answered.
            let used = await onThread { () -> (String, Bool) in
                guard let c = RawConnection(port: port) else { return ("", false) }
                c.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                let first = c.read(seconds: 60, until: "}")
                Thread.sleep(forTimeInterval: 0.2)
                c.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                let second = c.read(seconds: 60, until: "}")
                return (first.text + second.text, second.closed)
            }
            #expect(used.0.components(separatedBy: "HTTP/1.1 200").count == 3, "\(used.0)")
            #expect(!used.1)
        }
    }

    @Test("a slow head and a partial body are cut off by their timeouts even while bytes keep coming")
    func slowClients() async throws {
        let limits = ConnectionLimits(
            maxConnections: 64, idleTimeout: .seconds(30), headerTimeout: .milliseconds(800), bodyTimeout: .milliseconds(800))
        try await Fixture.withApp(connections: limits, live: true) { client, tokens, _ in
            let port = try #require(client.port)
            // Slowloris: a header line every 200 ms, never the blank line.
            let slow = await onThread { () -> (Bool, Double) in
                guard let c = RawConnection(port: port) else { return (false, 0) }
                let start = Date()
                c.send("GET /healthz HTTP/1.1\r\nHost: t\r\n")
                for i in 0..<40 {
                    if c.read(seconds: 0.2).closed { return (true, Date().timeIntervalSince(start)) }
                    c.send("X-Slow-\(i): 1\r\n")
                }
                return (false, Date().timeIntervalSince(start))
            }
            #expect(slow.0, "the slow head was cut off")
            #expect(slow.1 < 6, "cut off after \(slow.1) s")
            // A body promised 1,000 bytes, 10 sent.
            let partial = await onThread { () -> (String, Bool, Double) in
                guard let c = RawConnection(port: port) else { return ("", false, 0) }
                c.send(
                    "POST /v1/demand HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(tokens.industry)\r\n"
                        + "Content-Type: application/xml\r\nContent-Length: 1000\r\n\r\n<?xml ver")
                return c.read(seconds: 10)
            }
            #expect(partial.1, "closed")
            #expect(partial.2 < 5)
        }
    }

    @Test("HTTP/1.0 without keep-alive and Connection: close are answered, then closed")
    func closeAfterResponse() async throws {
        // An idle timeout far beyond the wait below: a close seen before it can only be the
        // server honouring HTTP/1.0 or Connection: close (a loaded machine may take a minute to answer).
        let limits = ConnectionLimits(maxConnections: 64, idleTimeout: .seconds(600))
        try await Fixture.withApp(connections: limits, live: true) { client, _, _ in
            let port = try #require(client.port)
            for request in [
                "GET /healthz HTTP/1.0\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: Close\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            ] {
                let r = await onThread { () -> (String, Bool, Double) in
                    guard let c = RawConnection(port: port) else { return ("", false, 0) }
                    c.send(request)
                    return c.read(seconds: 300)
                }
                #expect(r.0.hasPrefix("HTTP/1.1 200"), "\(r.0)")
                #expect(r.0.lowercased().contains("connection: close"))
                #expect(r.1, "closed after the response: \(request)")
                // Long before the idle timeout (600 s) could have closed it.
                #expect(r.2 < 300)
            }
        }
    }

    @Test("past the connection cap a new connection gets 503 and is closed; one frees a place")
    func cap() async throws {
        let limits = ConnectionLimits(maxConnections: 3, idleTimeout: .seconds(30))
        try await Fixture.withApp(connections: limits, live: true) { client, _, _ in
            let port = try #require(client.port)
            let result = await onThread { () -> (String, Bool, String, Int) in
                // Connections are opened and used one by one until one is refused (the test
                // client may hold one of the three places itself).
                var held: [RawConnection] = []
                var refused: (text: String, closed: Bool, elapsed: Double) = ("", false, 0)
                for _ in 0..<6 {
                    guard let c = RawConnection(port: port) else { return ("connect failed", false, "", 0) }
                    c.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                    let r = c.read(seconds: 60, until: "}")
                    if r.text.hasPrefix("HTTP/1.1 200") {
                        held.append(c)
                        continue
                    }
                    refused = (r.text, r.closed || c.read(seconds: 5).closed, r.elapsed)
                    break
                }
                let count = held.count
                guard !held.isEmpty else { return (refused.text, refused.closed, "no connection was served", 0) }
                held.removeLast()
                // The server notices the close, then a new connection is served.
                var served = ""
                for _ in 0..<50 {
                    Thread.sleep(forTimeInterval: 0.1)
                    guard let again = RawConnection(port: port) else { continue }
                    again.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                    served = again.read(seconds: 60, until: "}").text
                    if served.hasPrefix("HTTP/1.1 200") { break }
                }
                return (refused.text, refused.closed, served, count)
            }
            #expect((2...3).contains(result.3), "served \(result.3) before the refusal")
            #expect(result.0.hasPrefix("HTTP/1.1 503"), "\(result.0)")
            #expect(result.0.contains("Retry-After: 1"))
            #expect(result.0.contains("too many open connections"))
            #expect(result.1)
            #expect(result.2.hasPrefix("HTTP/1.1 200"), "\(result.2)")
            // At least the one refusal above (a loaded machine may refuse a retry too before the close is seen).
            #expect(result.2.contains("\"refusedConnections\":") && !result.2.contains("\"refusedConnections\":0"), "\(result.2)")
        }
    }

    @Test("Expect: 100-continue gets 100 Continue before the body is sent")
    func expectContinue() async throws {
        try await Fixture.withApp(live: true) { client, tokens, _ in
            let port = try #require(client.port)
            let body = Fixture.demand(id: "T-100")
            let r = await onThread { () -> (String, String) in
                guard let c = RawConnection(port: port) else { return ("", "") }
                c.send(
                    "POST /v1/demand HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(tokens.industry)\r\n"
                        + "Content-Type: application/xml\r\nContent-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n")
                let interim = c.read(seconds: 3, until: "\r\n\r\n").text
                c.send(body)
                return (interim, c.read(seconds: 60, until: "}").text)
            }
            #expect(r.0.hasPrefix("HTTP/1.1 100 Continue"), "\(r.0)")
            #expect(r.1.contains("HTTP/1.1 201"), "\(r.1)")
        }
    }
}
