public import Foundation
public import GRDB

/// What a submission carries: industry demand (`urn:chanjiao:demand:1`) or a college's programs
/// (`urn:chanjiao:colleges:1`).
public enum SubmissionKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// A `<demand>` document from an industry body.
    case demand
    /// A `<colleges>` document holding one college's programs.
    case programs
}

/// One accepted submission, a row of table `submission`: the body exactly as received.
public struct SubmissionRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The table.
    public static let databaseTableName = "submission"

    /// The table's columns.
    public enum Columns {
        /// Sequence number (primary key, ascending in acceptance order).
        public static let seq = Column(CodingKeys.seq)
        /// `demand` or `programs`.
        public static let kind = Column(CodingKeys.kind)
        /// The idempotency key: the demand's `id`, or the `Idempotency-Key` of a programs upload.
        public static let key = Column(CodingKeys.key)
        /// The submitter (demand) or college id (programs).
        public static let owner = Column(CodingKeys.owner)
        /// Name of the token that submitted it.
        public static let tokenName = Column(CodingKeys.tokenName)
        /// Hex SHA-256 of the body.
        public static let bodySHA256 = Column(CodingKeys.bodySHA256)
        /// The XML body.
        public static let body = Column(CodingKeys.body)
        /// When it was accepted, in milliseconds since 1970 (UTC).
        public static let receivedAtMillis = Column(CodingKeys.receivedAtMillis)
    }

    /// Sequence number, set on insert.
    public var seq: Int64?
    /// Demand or programs.
    public var kind: SubmissionKind
    /// The idempotency key (unique per kind).
    public var key: String
    /// The demand's submitter, or the college id.
    public var owner: String
    /// Name of the token that submitted it.
    public var tokenName: String
    /// Hex SHA-256 of `body`.
    public var bodySHA256: String
    /// The XML body as received.
    public var body: Data
    /// When it was accepted, in milliseconds since 1970 (UTC); exact across a round trip.
    public var receivedAtMillis: Int64
    /// When it was accepted.
    public var receivedAt: Date { Date(timeIntervalSince1970: Double(receivedAtMillis) / 1000) }

    /// Creates a record (not yet inserted: `seq` is nil).
    public init(
        seq: Int64? = nil, kind: SubmissionKind, key: String, owner: String, tokenName: String, body: Data,
        receivedAt: Date = Date()
    ) {
        self.seq = seq
        self.kind = kind
        self.key = key
        self.owner = owner
        self.tokenName = tokenName
        self.bodySHA256 = SHA256.hex(body)
        self.body = body
        self.receivedAtMillis = Int64((receivedAt.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Takes the rowid as `seq` after an insert.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        seq = inserted.rowID
    }
}

/// The result of `Repository.submit`: a new row, or the row an earlier submission with the same
/// kind and key created (never a second row).
public enum SubmissionOutcome: Sendable, Equatable {
    /// Stored now.
    case created(SubmissionRecord)
    /// Stored before; this is the first one.
    case existing(SubmissionRecord)

    /// The stored record either way.
    public var record: SubmissionRecord {
        switch self {
        case .created(let r), .existing(let r): r
        }
    }
}
