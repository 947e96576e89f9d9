import Foundation

extension SubmissionRecord {
    /// A stored row as read back (its hash is not computed again).
    init(
        stored seq: Int64, kind: SubmissionKind, key: String, owner: String, tokenName: String, bodySHA256: String, body: Data,
        receivedAtMillis: Int64, revision: Int64, withdrawn: Bool
    ) {
        self.seq = seq
        self.kind = kind
        self.key = key
        self.owner = owner
        self.tokenName = tokenName
        self.bodySHA256 = bodySHA256
        self.body = body
        self.receivedAtMillis = receivedAtMillis
        self.revision = revision
        self.withdrawn = withdrawn
    }
}
