import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Storage

/// Paths, XML bodies, tokens and an app over a temporary database.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var catalogs: String { root.appendingPathComponent("Catalogs").path }

    static let body = "重庆测试先进材料产业园管委会"
    static let college = "CQS01"
    static let cluster = "c33618-advanced-materials"

    static func demand(
        id: String, submitter: String = body, cluster: String = cluster, level: String = "operator", roles: Int = 2,
        headcount: Int? = nil
    )
        -> String
    {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <demand xmlns="urn:chanjiao:demand:1" id="\(id)" submitter="\(submitter)" cluster="\(cluster)" period="2026" district="大足区">

            """
        for r in 1...max(1, roles) {
            xml += """
                  <role id="R\(r)" name="镁冶炼工" occupation="6-17-06-03" level="\(level)" headcount="\(headcount ?? 10 + r)" educationLevel="secondary" growth="0.05" district="大足区">
                    <skill weight="2">操作破碎</skill>
                    <skill weight="1">镁矿石</skill>
                  </role>

                """
        }
        return xml + "</demand>\n"
    }

    static func programs(college: String = college, enrolment: Int = 105) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <colleges xmlns="urn:chanjiao:colleges:1" year="2026">
          <college id="\(college)" name="重庆市测试机械工业学校" district="大足区" type="secondary">
            <program id="\(college)-660102" major="660102" enrolment="\(enrolment)" graduates="92" employmentRate="0.874" capacity="120"/>
            <program id="\(college)-660109" major="660109" enrolment="87" graduates="77" employmentRate="0.822" capacity="95"/>
          </college>
        </colleges>

        """
    }

    static func tempDB() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-server-\(UUID().uuidString).sqlite").path
    }

    /// Tokens for each role, issued into the repository.
    struct Tokens {
        var industry: String
        var otherIndustry: String
        var college: String
        var otherCollege: String
        var admin: String
    }

    static func issue(_ repo: SQLiteRepository) throws -> Tokens {
        func one(_ name: String, _ role: TokenRole, _ scope: String?) throws -> String {
            let s = TokenRecord.newSecret()
            _ = try repo.insertTokenNow(TokenRecord(name: name, role: role, scope: scope, secretSHA256: SHA256.hex(s)))
            return s
        }
        return Tokens(
            industry: try one("industry", .industry, body), otherIndustry: try one("other-industry", .industry, "别的协会"),
            college: try one("college", .college, college), otherCollege: try one("other-college", .college, "CQS02"),
            admin: try one("admin", .admin, nil))
    }

    static func headers(
        token: String?, contentType: String? = "application/xml", idempotencyKey: String? = nil, extra: HTTPFields = [:]
    ) -> HTTPFields {
        var h = extra
        if let token { h[.authorization] = "Bearer \(token)" }
        if let idempotencyKey { h[HTTPFields.Element.Name("Idempotency-Key")!] = idempotencyKey }
        if let contentType { h[.contentType] = contentType }
        return h
    }

    static func buffer(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }

    /// An app over a fresh database, with tokens.
    static func withApp(
        maxBodyBytes: Int = 8 << 20, maxPlannedTotal: Int? = nil,
        connections: ConnectionLimits = ConnectionLimits(), live: Bool = false,
        quota: Quota = Quota(submissionsPerHour: 1000, storedBytes: 256 << 20),
        replanDelay: Duration = .milliseconds(10), peerPollInterval: Duration? = nil,
        wrap: @Sendable (SQLiteRepository) -> any Repository = { $0 },
        _ test: @escaping @Sendable (any TestClientProtocol, Tokens, SQLiteRepository) async throws -> Void
    ) async throws {
        let repo = try SQLiteRepository(path: tempDB())
        let tokens = try issue(repo)
        let app = try await buildApplication(
            configuration: ServerConfiguration(
                port: 0, maxBodyBytes: maxBodyBytes, catalogDirectory: catalogs, replanDelay: replanDelay,
                replanSpacing: 0, maxPlannedTotal: maxPlannedTotal, connections: connections, quota: quota,
                peerPollInterval: peerPollInterval),
            repository: wrap(repo))
        try await app.test(live ? .live : .router) { client in try await test(client, tokens, repo) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(buffer: body)) }
}
