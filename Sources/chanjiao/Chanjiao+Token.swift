import ArgumentParser
import Storage

extension Chanjiao {
    /// `chanjiao token`: bearer tokens for the server.
    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the server's bearer tokens.",
            subcommands: [Issue.self]
        )

        /// `chanjiao token issue`: a new token, printed once; only its SHA-256 is stored.
        struct Issue: ParsableCommand {
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

            @Option(help: "SQLite database file (created if missing).")
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
                case .college:
                    guard let college, !college.isEmpty, body == nil else {
                        throw ValidationError("a college token needs --college ID (and no --body)")
                    }
                case .admin:
                    guard college == nil, body == nil else { throw ValidationError("an admin token takes no --college or --body") }
                }
            }

            func run() throws {
                let r = TokenRole(rawValue: role) ?? .admin
                let secret = TokenRecord.newSecret()
                do {
                    let repository = try SQLiteRepository(path: db)
                    _ = try repository.insertTokenNow(
                        TokenRecord(name: name, role: r, scope: college ?? body, secretSHA256: SHA256.hex(secret)))
                } catch {
                    var e = StandardError()
                    print("error: cannot store token '\(name)': \(error)", to: &e)
                    throw ExitCode(1)
                }
                print(secret)
            }
        }
    }
}
