import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Reads cost little: cached pages, 304, HEAD, 405 with Allow")
struct ReadTests {
    static let pageCache = HTTPFields.Element.Name("Chanjiao-Page-Cache")!

    @Test("304 on a matching If-None-Match for the plan and the pages; 200 on a stale one")
    func notModified() async throws {
        try await Fixture.withApp { client, tokens, _ in
            _ = try await waitForPlan(client, revision: 0)
            let d = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-N1")))
            #expect(d.status == .created)
            let p = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.college),
                body: Fixture.buffer(Fixture.programs()))
            #expect(p.status == .created)
            let plan = try await waitForPlan(client, revision: 2)
            let etag = try #require(plan.headers[.eTag])
            #expect(etag == "\"2\"")
            for uri in ["/v1/plan", "/clusters/\(Fixture.cluster)", "/colleges/CQS01"] {
                let full = try await client.execute(uri: uri, method: .get)
                #expect(full.status == .ok, "\(uri)")
                #expect(full.headers[.eTag] == etag, "\(uri)")
                for header in [etag, "W/\(etag)", "\"0\", \(etag)", "*"] {
                    let r = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: header])
                    #expect(r.status == .notModified, "\(uri) \(header)")
                    #expect(r.body.readableBytes == 0)
                    #expect(r.headers[.eTag] == etag)
                }
                let stale = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"0\""])
                #expect(stale.status == .ok)
                #expect(stale.body == full.body)
            }
            let missing = try await client.execute(uri: "/clusters/nope", method: .get, headers: [.ifNoneMatch: "*"])
            #expect(missing.status == .notFound)
        }
    }

    @Test("a page is rendered once per plan revision and served from the cache after")
    func cached() async throws {
        try await Fixture.withApp { client, tokens, _ in
            _ = try await waitForPlan(client, revision: 0)
            _ = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-C1")))
            _ = try await waitForPlan(client, revision: 1)
            let uri = "/clusters/\(Fixture.cluster)"
            let first = try await client.execute(uri: uri, method: .get)
            #expect(first.headers[Self.pageCache] == "miss")
            // Twenty at once: all from the one rendering.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let r = try await client.execute(uri: uri, method: .get)
                        #expect(r.headers[Self.pageCache] == "hit")
                        #expect(r.body == first.body)
                    }
                }
                try await group.waitForAll()
            }
            // A new plan revision renders it again, with the new demand.
            _ = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-C2")))
            _ = try await waitForPlan(client, revision: 2)
            let next = try await client.execute(uri: uri, method: .get)
            #expect(next.headers[Self.pageCache] == "miss")
            #expect(next.text.contains("T-C2/R1"))
            #expect(next.headers[.eTag] == "\"2\"")
            // Unknown pages are not kept.
            for _ in 0..<2 {
                let nope = try await client.execute(uri: "/clusters/nope", method: .get)
                #expect(nope.status == .notFound)
                #expect(nope.headers[Self.pageCache] == nil)
            }
        }
    }

    @Test("HEAD answers wherever GET does, with the GET's headers and no body")
    func head() async throws {
        try await Fixture.withApp { client, _, _ in
            _ = try await waitForPlan(client, revision: 0)
            for uri in ["/v1/plan", "/healthz"] {
                let get = try await client.execute(uri: uri, method: .get)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == get.status, "\(uri)")
                #expect(head.body.readableBytes == 0)
                #expect(head.headers[.contentType] == get.headers[.contentType])
            }
            let plan = try await client.execute(uri: "/v1/plan", method: .get)
            let head = try await client.execute(uri: "/v1/plan", method: .head)
            #expect(head.headers[.contentLength] == String(plan.body.readableBytes))
            #expect(head.headers[.eTag] == plan.headers[.eTag])
        }
    }

    @Test("a wrong method gets 405 with Allow; OPTIONS gets 204 with Allow")
    func methods() async throws {
        try await Fixture.withApp { client, tokens, _ in
            let cases: [(String, HTTPRequest.Method, String)] = [
                ("/v1/plan", .post, "GET, HEAD, OPTIONS"),
                ("/v1/plan", .delete, "GET, HEAD, OPTIONS"),
                ("/v1/demand", .get, "POST, OPTIONS"),
                ("/v1/demand", .head, "POST, OPTIONS"),
                ("/v1/demand/X", .put, "DELETE, OPTIONS"),
                ("/v1/colleges/CQS01/programs", .put, "POST, DELETE, OPTIONS"),
                ("/clusters/x", .post, "GET, HEAD, OPTIONS"),
                ("/healthz", .patch, "GET, HEAD, OPTIONS"),
            ]
            for (uri, method, allow) in cases {
                let r = try await client.execute(uri: uri, method: method, headers: Fixture.headers(token: tokens.admin))
                #expect(r.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(r.headers[.allow] == allow, "\(method) \(uri)")
            }
            let options = try await client.execute(uri: "/v1/plan", method: .options)
            #expect(options.status == .noContent)
            #expect(options.headers[.allow] == "GET, HEAD, OPTIONS")
            let unknown = try await client.execute(uri: "/nowhere", method: .get)
            #expect(unknown.status == .notFound)
        }
    }
}
