import Catalog
import Foundation
import Hummingbird
import NIOCore

/// Building responses: JSON bodies, errors as `{"error": …}`, diagnostics as a located list.
enum HTTPMapping {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static func bytes(_ status: HTTPResponse.Status, _ body: [UInt8], contentType: String, headers: HTTPFields = [:])
        -> Response
    {
        buffer(status, ByteBuffer(bytes: body), contentType: contentType, headers: headers)
    }

    /// A response sharing `body`'s storage (no copy).
    static func buffer(_ status: HTTPResponse.Status, _ body: ByteBuffer, contentType: String, headers: HTTPFields = [:])
        -> Response
    {
        var h = headers
        h[.contentType] = contentType
        return Response(status: status, headers: h, body: ResponseBody(byteBuffer: body))
    }

    static func json<T: Encodable>(_ status: HTTPResponse.Status, _ value: T, headers: HTTPFields = [:]) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return bytes(status, Array(data), contentType: "application/json; charset=utf-8", headers: headers)
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        json(status, ["error": message], headers: headers)
    }

    /// 422 with `[{file,line,column,severity,message}]`.
    static func diagnostics(_ list: [Diagnostic]) -> Response {
        json(.unprocessableContent, list)
    }

    static func html(_ status: HTTPResponse.Status, _ body: [UInt8]) -> Response {
        bytes(status, body, contentType: "text/html; charset=utf-8")
    }

    /// The media type of a Content-Type header, lowercased, without parameters.
    static func mediaType(_ header: String?) -> String? {
        guard let header else { return nil }
        let t = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? header
        return t.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static let xmlTypes: Set<String> = ["application/xml", "text/xml"]
}

/// The 201 body (and the replay of it).
struct SubmissionReceipt: Codable, Sendable, Equatable {
    /// Sequence number in the store.
    var seq: Int64
    /// `demand` or `programs`.
    var kind: String
    /// The submission id: the demand's id, or the programs upload's idempotency key.
    var id: String
    /// Submitter (demand) or college id (programs).
    var owner: String
    /// Hex SHA-256 of the body as stored.
    var sha256: String
    /// When it was accepted (UTC, seconds).
    var receivedAt: String
    /// A demand's revision among its owner's submissions of this id, or a college's programs'
    /// among all its uploads (whatever their key): 1 for the first, one more for each replacement
    /// or withdrawal.
    var revision: Int64
    /// Whether this revision withdraws the submission.
    var withdrawn: Bool
}

/// A row of `GET /v1/submissions` and the body of `GET /v1/submissions/{seq}`: the audit record
/// (who, when, which revision) without the body.
struct SubmissionListing: Codable, Sendable, Equatable {
    var seq: Int64
    var kind: String
    var id: String
    var owner: String
    var token: String
    var sha256: String
    var bytes: Int
    var receivedAt: String
    var revision: Int64
    var withdrawn: Bool
}
