import ArgumentParser
import Foundation
import Storage

extension Chanjiao {
    /// `chanjiao token`: bearer tokens for the server.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the server's bearer tokens.",
            subcommands: [Issue.self, List.self, Revoke.self]
        )

        /// `chanjiao token issue`: a new token, printed once; only its SHA-256 is stored.
        struct Issue: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Issue a token and print it once (only its SHA-256 is stored).",
                discussion: """
                    industry tokens submit demand whose submitter is --body; college tokens submit programs \
                    for --college; admin tokens do everything and list submissions.
                    """
            )

            @Option(help: "A unique name for the token (who holds it).")
            var name: String

            @Option(help: "industry, college or admin.")
            var role: String

            @Option(help: "The college id (role college).")
            var college: String?

            @Option(help: "The industry body, exactly as the demand's submitter attribute (role industry).")
            var body: String?

            @Option(help: "SQLite database file (created if missing), or a postgres:// URL.")
            var db: String = "chanjiao.sqlite"

            func validate() throws {
                guard let r = TokenRole(rawValue: role) else {
                    throw ValidationError("--role must be industry, college or admin")
                }
                if name.isEmpty { throw ValidationError("--name must not be empty") }
                switch r {
                case .industry:
                    guard let body, !body.isEmpty, college == nil else {
                        throw ValidationError("an industry token needs --body NAME (and no --college)")
                    }
                    guard body.count <= 128, !body.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                        throw ValidationError("--body must be 1–128 characters without control characters, as a demand's submitter")
                    }
                case .college:
                    guard let college, !college.isEmpty, body == nil else {
                        throw ValidationError("a college token needs --college ID (and no --body)")
                    }
                    guard Token.isCollegeID(college) else {
                        throw ValidationError(
                            "--college '\(college)' is not a college id (the schema's Id: a letter or digit, then up to 63 of A–Z a–z 0–9 _ . -)"
                        )
                    }
                case .admin:
                    guard college == nil, body == nil else { throw ValidationError("an admin token takes no --college or --body") }
                }
            }

            func run() async throws {
                let r = TokenRole(rawValue: role) ?? .admin
                let secret = TokenRecord.newSecret()
                let token = TokenRecord(name: name, role: r, scope: college ?? body, secretSHA256: SHA256.hex(secret))
                do {
                    _ = try await Store.with(db) { try await $0.insertToken(token) }
                } catch {
                    var e = StandardError()
                    print("error: cannot store token '\(name)': \(error)", to: &e)
                    throw ExitCode(1)
                }
                print(secret)
            }
        }

        /// Whether `id` matches the schema's `Id` (a college's id in colleges.xsd).
        static func isCollegeID(_ id: String) -> Bool {
            let bytes = Array(id.utf8)
            guard (1...64).contains(bytes.count) else { return false }
            func plain(_ b: UInt8) -> Bool {
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            }
            return plain(bytes[0]) && bytes.dropFirst().allSatisfy { plain($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
        }

        /// `chanjiao token list`: every token's name, role, scope, issue date and state (never a secret).
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the tokens: name, role, scope, issued, active or revoked (secrets are never stored).")

            @Option(help: "SQLite database file, or a postgres:// URL.")
            var db: String = "chanjiao.sqlite"

            func run() async throws {
                let tokens: [TokenRecord]
                do { tokens = try await Store.with(db) { try await $0.tokens() } } catch {
                    var e = StandardError()
                    print("error: cannot read the tokens: \(error)", to: &e)
                    throw ExitCode(1)
                }
                print("name\trole\tscope\tissued\tstate")
                for t in tokens {
                    let issued = t.createdAt.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
                    print("\(t.name)\t\(t.role.rawValue)\t\(t.scope ?? "-")\t\(issued)\t\(t.revoked ? "revoked" : "active")")
                }
            }
        }

        /// `chanjiao token revoke`: the token stops working (within a second on a running server).
        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke a token by name; a running server refuses it within a second.")

            @Option(help: "The token's name.")
            var name: String

            @Option(help: "SQLite database file, or a postgres:// URL.")
            var db: String = "chanjiao.sqlite"

            func run() async throws {
                let revoked: Bool
                let name = self.name
                do { revoked = try await Store.with(db) { try await $0.revokeToken(name: name) } } catch {
                    var e = StandardError()
                    print("error: cannot revoke token '\(name)': \(error)", to: &e)
                    throw ExitCode(1)
                }
                guard revoked else {
                    var e = StandardError()
                    print("error: no active token named '\(name)'", to: &e)
                    throw ExitCode(1)
                }
                print("revoked \(name)")
            }
        }
    }
}
