public import Foundation
public import GRDB

/// What a bearer token may do.
public enum TokenRole: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// Submits demand for its own industry body only.
    case industry
    /// Submits programs for its own college only.
    case college
    /// Everything, including the submission listing.
    case admin
}

/// A bearer token, a row of table `token`: only the SHA-256 of the secret is stored.
public struct TokenRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The table.
    public static let databaseTableName = "token"

    /// The table's columns.
    public enum Columns {
        /// Primary key.
        public static let id = Column(CodingKeys.id)
        /// Unique human name.
        public static let name = Column(CodingKeys.name)
        /// `industry`, `college` or `admin`.
        public static let role = Column(CodingKeys.role)
        /// The body name (industry) or college id (college); null for admin.
        public static let scope = Column(CodingKeys.scope)
        /// Hex SHA-256 of the secret.
        public static let secretSHA256 = Column(CodingKeys.secretSHA256)
        /// When it was issued.
        public static let createdAt = Column(CodingKeys.createdAt)
        /// Whether it was revoked.
        public static let revoked = Column(CodingKeys.revoked)
    }

    /// Primary key, set on insert.
    public var id: Int64?
    /// Unique human name.
    public var name: String
    /// What it may do.
    public var role: TokenRole
    /// The body name (industry) or college id (college); nil for admin.
    public var scope: String?
    /// Hex SHA-256 of the secret.
    public var secretSHA256: String
    /// When it was issued.
    public var createdAt: Date
    /// Whether it was revoked.
    public var revoked: Bool

    /// Creates a record from the secret's hash.
    public init(
        id: Int64? = nil, name: String, role: TokenRole, scope: String?, secretSHA256: String, createdAt: Date = Date(),
        revoked: Bool = false
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.scope = scope
        self.secretSHA256 = secretSHA256
        self.createdAt = createdAt
        self.revoked = revoked
    }

    /// Takes the rowid as `id` after an insert.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// A new random secret: `cjt_` and 64 hex digits (256 bits from the system's CSPRNG).
    public static func newSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return "cjt_" + hexString(bytes)
    }
}
