import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@Suite("POST /v1/demand and /v1/colleges/{id}/programs")
struct SubmissionTests {
    @Test("healthz answers 200 with the submission count")
    func healthz() async throws {
        try await Fixture.withApp { client, _, _ in
            let r = try await client.execute(uri: "/healthz", method: .get)
            #expect(r.status == .ok)
            let j = try #require(try r.json() as? [String: Any])
            #expect(j["status"] as? String == "ok")
            #expect(j["submissions"] as? Int == 0)
        }
    }

    @Test("demand: 201 with the id, stored before the reply; a re-send returns the first receipt")
    func demandAccepted() async throws {
        try await Fixture.withApp { client, tokens, repo in
            let body = Fixture.demand(id: "T-D1")
            let r = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry), body: Fixture.buffer(body))
            #expect(r.status == .created, "\(r.text)")
            let j = try #require(try r.json() as? [String: Any])
            #expect(j["id"] as? String == "T-D1")
            #expect(j["kind"] as? String == "demand")
            #expect(j["seq"] as? Int == 1)
            // Durable: the row is there when the 201 arrives.
            let rows = try await repo.submissions(after: 0, limit: 10)
            #expect(rows.map(\.key) == ["T-D1"])
            #expect(String(decoding: rows[0].body, as: UTF8.self) == body)

            let again = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry), body: Fixture.buffer(body))
            #expect(again.status == .created)
            #expect(again.text == r.text)
            #expect(again.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == "true")
            #expect(try await repo.submissions(after: 0, limit: 10).count == 1)

            // Same id, other content, same owner: its next revision (a replacement).
            let other = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-D1", roles: 3)))
            #expect(other.status == .created)
            let o = try #require(try other.json() as? [String: Any])
            #expect(o["revision"] as? Int == 2)
            #expect(o["seq"] as? Int == 2)
            #expect(try await repo.submissions(after: 0, limit: 10).map(\.revision) == [1, 2])
        }
    }

    @Test("text/xml with a charset is accepted too; admin may submit for anyone")
    func textXML() async throws {
        try await Fixture.withApp { client, tokens, _ in
            let r = try await client.execute(
                uri: "/v1/demand", method: .post,
                headers: Fixture.headers(token: tokens.admin, contentType: "text/xml; charset=utf-8"),
                body: Fixture.buffer(Fixture.demand(id: "T-D2", submitter: "任何协会")))
            #expect(r.status == .created, "\(r.text)")
        }
    }

    @Test("401 without a token, with a malformed header, or with an unknown token")
    func unauthorized() async throws {
        try await Fixture.withApp { client, _, repo in
            for auth in [nil, "Basic abc", "Bearer cjt_0000"] as [String?] {
                var h = Fixture.headers(token: nil)
                if let auth { h[.authorization] = auth }
                let r = try await client.execute(
                    uri: "/v1/demand", method: .post, headers: h, body: Fixture.buffer(Fixture.demand(id: "X")))
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                let p = try await client.execute(
                    uri: "/v1/colleges/CQS01/programs", method: .post, headers: h, body: Fixture.buffer(Fixture.programs()))
                #expect(p.status == .unauthorized)
            }
            #expect(try await repo.latestSeq() == 0)
        }
    }

    @Test("403: demand for another body, demand with a college token, programs with an industry token")
    func forbidden() async throws {
        try await Fixture.withApp { client, tokens, repo in
            let other = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.otherIndustry),
                body: Fixture.buffer(Fixture.demand(id: "T-F1")))
            #expect(other.status == .forbidden)
            let college = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.college),
                body: Fixture.buffer(Fixture.demand(id: "T-F2")))
            #expect(college.status == .forbidden)
            let industry = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.programs()))
            #expect(industry.status == .forbidden)
            #expect(industry.object["error"] as? String == "an industry token cannot submit programs")
            let otherCollege = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.otherCollege),
                body: Fixture.buffer(Fixture.programs()))
            #expect(otherCollege.status == .forbidden)
            #expect(
                otherCollege.object["error"] as? String
                    == "token 'other-college' cannot submit programs for college 'CQS01': it acts for 'CQS02'")
            #expect(try await repo.latestSeq() == 0)
        }
    }

    @Test("415 for a content type other than application/xml or text/xml")
    func unsupportedMediaType() async throws {
        try await Fixture.withApp { client, tokens, _ in
            for type in ["application/json", "text/plain", nil] as [String?] {
                let r = try await client.execute(
                    uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry, contentType: type),
                    body: Fixture.buffer(Fixture.demand(id: "T-M1")))
                #expect(r.status == .unsupportedMediaType)
            }
            let p = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post,
                headers: Fixture.headers(token: tokens.college, contentType: "application/json"),
                body: Fixture.buffer(Fixture.programs()))
            #expect(p.status == .unsupportedMediaType)
        }
    }

    @Test("413 over the size limit")
    func tooLarge() async throws {
        try await Fixture.withApp(maxBodyBytes: 2048) { client, tokens, repo in
            let big = Fixture.demand(id: "T-L1", roles: 20)
            #expect(big.utf8.count > 2048)
            let r = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry), body: Fixture.buffer(big))
            #expect(r.status == .contentTooLarge)
            let small = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-L2", roles: 1)))
            #expect(small.status == .created)
            #expect(try await repo.latestSeq() == 1)
        }
    }

    @Test("422 with located errors: schema violations, bad links, malformed XML, the wrong kind")
    func unprocessable() async throws {
        try await Fixture.withApp { client, tokens, repo in
            let cases: [(String, String)] = [
                (Fixture.demand(id: "T-U1", level: "boss"), "boss"),
                (Fixture.demand(id: "T-U2", cluster: "no-such-cluster"), "no-such-cluster"),
                (Fixture.demand(id: "T-U3").replacingOccurrences(of: "6-17-06-03", with: "9-99-99-99"), "9-99-99-99"),
                ("<demand xmlns=\"urn:chanjiao:demand:1\"><role", ""),
                (Fixture.programs(), ""),
            ]
            for (body, mention) in cases {
                let r = try await client.execute(
                    uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry), body: Fixture.buffer(body))
                #expect(r.status == .unprocessableContent, "\(r.text)")
                let list = try #require(try r.json() as? [[String: Any]], "\(r.text)")
                #expect(!list.isEmpty)
                for d in list {
                    #expect(Set(d.keys) == ["file", "line", "column", "severity", "message"])
                    #expect(d["file"] as? String == "demand.xml")
                }
                let errors = list.filter { $0["severity"] as? String == "error" }
                #expect(!errors.isEmpty)
                #expect(errors.contains { ($0["line"] as? Int ?? 0) > 0 }, "\(r.text)")
                if !mention.isEmpty {
                    #expect(errors.contains { ($0["message"] as? String ?? "").contains(mention) }, "\(r.text)")
                }
            }
            #expect(try await repo.latestSeq() == 0)
        }
    }

    @Test("programs: 201, idempotent by Idempotency-Key; 422 when the body holds another college")
    func programs() async throws {
        try await Fixture.withApp { client, tokens, repo in
            let h = Fixture.headers(token: tokens.college, idempotencyKey: "upload-1")
            let r = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: h, body: Fixture.buffer(Fixture.programs()))
            #expect(r.status == .created, "\(r.text)")
            let j = try #require(try r.json() as? [String: Any])
            #expect(j["id"] as? String == "upload-1")
            #expect(j["owner"] as? String == "CQS01")
            let again = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: h, body: Fixture.buffer(Fixture.programs()))
            #expect(again.status == .created)
            #expect(again.text == r.text)
            // Without a key every upload is new; the plan uses the latest per college.
            let fresh = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.college),
                body: Fixture.buffer(Fixture.programs(enrolment: 110)))
            #expect(fresh.status == .created)
            #expect(try await repo.latestSeq() == 2)
            #expect(try await repo.planInputs(through: 2).map(\.seq) == [2])

            let mismatch = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.college),
                body: Fixture.buffer(Fixture.programs(college: "CQS09")))
            #expect(mismatch.status == .unprocessableContent)
            let list = try #require(try mismatch.json() as? [[String: Any]])
            #expect((list.first?["line"] as? Int ?? 0) > 0)
            let badMajor = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.college),
                body: Fixture.buffer(Fixture.programs().replacingOccurrences(of: "major=\"660102\"", with: "major=\"999999\"")))
            #expect(badMajor.status == .unprocessableContent)
            #expect(badMajor.text.contains("999999"), "\(badMajor.text)")
            #expect(badMajor.text.contains("\"line\":4"), "\(badMajor.text)")
            let wrongKind = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: Fixture.headers(token: tokens.college),
                body: Fixture.buffer(Fixture.demand(id: "T-P1")))
            #expect(wrongKind.status == .unprocessableContent)
            #expect(try await repo.latestSeq() == 2)
        }
    }

    @Test("409 for an Idempotency-Key reused with another body; 400 for a bad key and for an admin withdrawal without a submitter")
    func conflictAndBadRequests() async throws {
        try await Fixture.withApp { client, tokens, repo in
            let h = Fixture.headers(token: tokens.college, idempotencyKey: "upload-1")
            let first = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: h, body: Fixture.buffer(Fixture.programs()))
            #expect(first.status == .created, "\(first.text)")
            let reused = try await client.execute(
                uri: "/v1/colleges/CQS01/programs", method: .post, headers: h, body: Fixture.buffer(Fixture.programs(enrolment: 120)))
            #expect(reused.status == .conflict, "\(reused.text)")
            #expect(reused.text.contains("upload-1") && reused.text.contains("different body"), "\(reused.text)")
            #expect(try await repo.latestSeq() == 1, "the conflicting body is not stored")

            for key in ["", String(repeating: "k", count: 201), "has space", "非ASCII"] {
                let bad = Fixture.headers(token: tokens.college, idempotencyKey: key)
                let r = try await client.execute(
                    uri: "/v1/colleges/CQS01/programs", method: .post, headers: bad, body: Fixture.buffer(Fixture.programs()))
                #expect(r.status == .badRequest, "key '\(key)': \(r.text)")
                #expect(r.text.contains("Idempotency-Key"), "\(r.text)")
            }
            let noSubmitter = try await client.execute(
                uri: "/v1/demand/T-D1", method: .delete, headers: Fixture.headers(token: tokens.admin))
            #expect(noSubmitter.status == .badRequest, "\(noSubmitter.text)")
            #expect(noSubmitter.text.contains("?submitter="), "\(noSubmitter.text)")
            #expect(try await repo.latestSeq() == 1)
        }
    }

    @Test("GET /v1/submissions: everything for an admin, a submitter's own for others")
    func listing() async throws {
        try await Fixture.withApp { client, tokens, _ in
            _ = try await client.execute(
                uri: "/v1/demand", method: .post, headers: Fixture.headers(token: tokens.industry),
                body: Fixture.buffer(Fixture.demand(id: "T-S1")))
            let r = try await client.execute(uri: "/v1/submissions", method: .get, headers: Fixture.headers(token: tokens.admin))
            #expect(r.status == .ok)
            let list = try #require(try r.json() as? [[String: Any]])
            #expect(list.map { $0["id"] as? String } == ["T-S1"])
            let after = try await client.execute(
                uri: "/v1/submissions?after=1", method: .get, headers: Fixture.headers(token: tokens.admin))
            #expect((try after.json() as? [Any])?.isEmpty == true)
            let own = try await client.execute(uri: "/v1/submissions", method: .get, headers: Fixture.headers(token: tokens.industry))
            #expect(own.status == .ok)
            #expect((try own.json() as? [[String: Any]])?.map { $0["id"] as? String } == ["T-S1"])
            for token in [tokens.otherIndustry, tokens.college] {
                let others = try await client.execute(uri: "/v1/submissions", method: .get, headers: Fixture.headers(token: token))
                #expect(others.status == .ok)
                #expect((try others.json() as? [Any])?.isEmpty == true)
            }
            let none = try await client.execute(uri: "/v1/submissions", method: .get)
            #expect(none.status == .unauthorized)
        }
    }
}
