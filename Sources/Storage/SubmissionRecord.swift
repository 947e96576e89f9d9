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
        /// 1 for the first row of a demand (owner, key), or of a college's programs whatever the key;
        /// one more for each replacement or withdrawal.
        public static let revision = Column(CodingKeys.revision)
        /// Whether this row withdraws the submission (empty body).
        public static let withdrawn = Column(CodingKeys.withdrawn)
    }

    /// Sequence number, set on insert.
    public var seq: Int64?
    /// Demand or programs.
    public var kind: SubmissionKind
    /// The idempotency key: the demand's id, or a programs upload's `Idempotency-Key`; unique per
    /// kind, owner and revision (two owners may use the same key).
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
    /// 1 for the first row of a demand (owner, key), or of a college's programs whatever the key;
    /// one more for each later one (set by the store).
    public var revision: Int64
    /// Whether this row withdraws the submission of (kind, owner, key); its body is empty.
    public var withdrawn: Bool
    /// When it was accepted.
    public var receivedAt: Date { Date(timeIntervalSince1970: Double(receivedAtMillis) / 1000) }

    /// Creates a record (not yet inserted: `seq` is nil).
    public init(
        seq: Int64? = nil, kind: SubmissionKind, key: String, owner: String, tokenName: String, body: Data,
        receivedAt: Date = Date(), revision: Int64 = 1, withdrawn: Bool = false
    ) {
        self.revision = revision
        self.withdrawn = withdrawn
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

/// The result of `Repository.submit`: a new row (a first submission, or a new revision of an
/// owner's demand), or the latest row of the same kind, owner and key when the body is the same (a
/// replay) or when the kind is not replaceable (programs: a key reused for another body).
public enum SubmissionOutcome: Sendable, Equatable {
    /// Stored now.
    case created(SubmissionRecord)
    /// Stored before; this is the latest row with that kind, owner and key.
    case existing(SubmissionRecord)

    /// The stored record either way.
    public var record: SubmissionRecord {
        switch self {
        case .created(let r), .existing(let r): r
        }
    }
}

/// What one token may store: submissions in the last hour and bytes in all (`nil`: no bound).
public struct Quota: Sendable, Equatable {
    /// Most submissions (rows, withdrawals included) in any hour.
    public var submissionsPerHour: Int?
    /// Most body bytes stored in all.
    public var storedBytes: Int64?
    /// Creates a quota.
    public init(submissionsPerHour: Int? = nil, storedBytes: Int64? = nil) {
        self.submissionsPerHour = submissionsPerHour
        self.storedBytes = storedBytes
    }
}

/// A submission refused because its token is over its `Quota`; nothing was written.
public struct QuotaExceeded: Error, Sendable, Equatable, CustomStringConvertible {
    /// `submissions-per-hour` or `stored-bytes`.
    public var quota: String
    /// The bound.
    public var limit: Int64
    /// Seconds until a submission may succeed (the hour's oldest submission leaves the window); an
    /// hour for the bytes quota, which frees nothing by itself.
    public var retryAfterSeconds: Int
    /// Creates a refusal.
    public init(quota: String, limit: Int64, retryAfterSeconds: Int) {
        self.quota = quota
        self.limit = limit
        self.retryAfterSeconds = retryAfterSeconds
    }
    /// A one-line message.
    public var description: String { "the token's \(quota) quota (\(limit)) is used up" }
}

/// The result of `Repository.withdraw`.
public enum WithdrawOutcome: Sendable, Equatable {
    /// The withdrawal row, stored now.
    case withdrawn(SubmissionRecord)
    /// No submission with that kind, owner and key, or its latest row is a withdrawal already.
    case notFound
}
