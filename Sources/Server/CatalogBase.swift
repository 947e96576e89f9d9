import Catalog
import Foundation
import Synchronization

/// The shipped catalogs, loaded once: the full set the plan starts from, and a skeleton (no terms,
/// no occupation lists) that a submission is linked against cheaply.
struct CatalogBase: Sendable {
    /// Majors, occupations, clusters and the policy, as loaded.
    var full: CatalogSet
    /// `full` without terms or occupation links: enough to check a submission's links.
    var skeleton: CatalogSet

    /// Loaded bases by (directory, policy), so tests that build many apps read the files once.
    static let cache = Mutex<[String: CatalogBase]>([:])

    /// Loads (or reuses) the catalogs in `directory` with `policyFile`.
    static func load(directory: String, policyFile: String?) throws(ServerError) -> CatalogBase {
        let policy = policyFile ?? defaultPolicy(in: directory)
        let cacheKey = directory + "\u{0}" + (policy ?? "")
        if let hit = cache.withLock({ $0[cacheKey] }) { return hit }
        var paths = ["majors.xml", "occupations.xml", "clusters.xml"].map { (directory as NSString).appendingPathComponent($0) }
        if let policy { paths.append(policy) }
        let result = CatalogLoader(options: IngestOptions()).load(paths)
        if result.hasErrors { throw .catalogs(result.diagnostics.filter { $0.severity == .error }) }
        // plan.json lists its input files and is public: the server's directories stay out of it.
        var full = result.set
        full.files = full.files.map { ($0 as NSString).lastPathComponent }
        let base = CatalogBase(full: full, skeleton: skeleton(of: full))
        cache.withLock { $0[cacheKey] = base }
        return base
    }

    static func defaultPolicy(in directory: String) -> String? {
        for name in ["policy/chongqing.xml", "policy/default.xml"] {
            let p = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: p) { return p }
        }
        return nil
    }

    static func skeleton(of full: CatalogSet) -> CatalogSet {
        var s = full
        s.terms = TermTable()
        for i in s.majors.indices {
            s.majors[i].terms = []
            s.majors[i].occupations = []
        }
        for i in s.occupations.indices { s.occupations[i].terms = [] }
        for i in s.clusters.indices {
            s.clusters[i].terms = []
            s.clusters[i].occupations = []
        }
        return s
    }
}
