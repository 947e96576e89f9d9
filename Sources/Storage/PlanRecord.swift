public import Foundation
public import GRDB

/// The last complete plan.json, a row of table `plan`.
public struct PlanRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    /// The table.
    public static let databaseTableName = "plan"

    /// The table's columns.
    public enum Columns {
        /// The highest submission `seq` the plan includes (0 for catalogs only).
        public static let revision = Column(CodingKeys.revision)
        /// plan.json bytes.
        public static let json = Column(CodingKeys.json)
        /// When it was computed.
        public static let createdAt = Column(CodingKeys.createdAt)
    }

    /// The highest submission `seq` included.
    public var revision: Int64
    /// plan.json bytes.
    public var json: Data
    /// When it was computed.
    public var createdAt: Date

    /// Creates a record.
    public init(revision: Int64, json: Data, createdAt: Date = Date()) {
        self.revision = revision
        self.json = json
        self.createdAt = createdAt
    }
}
