/// The 429 body.
struct QuotaRefusal: Encodable {
    var error: String
    /// `submissions-per-hour` or `stored-bytes`.
    var quota: String
    var limit: Int64
}
