import Hummingbird

extension HTTPFields.Element.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let planRevision = Self("Chanjiao-Plan-Revision")!
    static let pageCache = Self("Chanjiao-Page-Cache")!
}
