import NIOCore

/// Pages of the current plan, rendered once per plan revision: a request for a page being
/// rendered waits for that rendering instead of starting another. Only pages that exist are kept
/// (at most one per college and cluster of the plan), and all are dropped when the revision changes.
actor PageCache {
    private var revision: Int64 = -1
    private var pages: [String: Task<ByteBuffer?, Never>] = [:]

    /// The page `key` of the plan of `revision`, and whether it was rendered before (or is being
    /// rendered by another request).
    func page(_ key: String, revision: Int64, render: @escaping @Sendable () -> [UInt8]?) async -> (ByteBuffer?, hit: Bool) {
        if revision != self.revision {
            pages.removeAll()
            self.revision = revision
        }
        if let task = pages[key] { return (await task.value, true) }
        let task = Task.detached { render().map { ByteBuffer(bytes: $0) } }
        pages[key] = task
        let body = await task.value
        if body == nil, self.revision == revision { pages[key] = nil }
        return (body, false)
    }
}
