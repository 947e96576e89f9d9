import Foundation

/// Writing clusters.xml from the cluster table (`clusters_chongqing.csv`) and the project's ClusterTable.
enum ClusterImport {
    static let confidences: Set<String> = ["high", "medium-high", "medium", "medium-unverified", "low", "unconfirmed"]

    /// The system attribute and its index in ImportSummary.clusters for a CSV framework.
    static func system(_ framework: String) -> (String, Int)? {
        switch framework {
        case "33618": ("33618", 0)
        case "416": ("416", 1)
        case "FUTURE-2024", "future": ("future", 2)
        default: nil
        }
    }

    /// The first of a ";"-separated list of sources.
    static func short(_ s: String) -> String {
        let first = s.components(separatedBy: " ; ").first ?? s
        return first.trimmingSpaces()
    }

    static func xml(
        csv url: URL,
        occupationCodes: Set<String>,
        notes: [String: String],
        summary: inout ImportSummary
    ) throws(CatalogImportError) -> String {
        let cols = ["framework", "tier_code", "tier_name", "item_name", "confidence", "source"]
        let t = try CSVTable(contentsOf: url, required: cols)
        let ix = cols.map { t.column($0) }
        var x = XMLText()
        x.comment(notes["clusters.comment"] ?? "", depth: 0)
        x.open(
            "clusterCatalog",
            [("xmlns", "urn:chanjiao:clusters:1"), ("source", notes["clusters.source"]), ("note", notes["clusters.note"])],
            depth: 0
        )
        var previousSource = ""
        var ids = Set<String>()
        for row in t.rows {
            let f = ix.map { row.fields[$0].trimmingSpaces() }
            func fail(_ m: String) -> CatalogImportError {
                CatalogImportError(file: t.path, line: row.line, message: m)
            }
            guard let (system, index) = system(f[0]) else {
                throw fail("unknown framework '\(f[0])' (expected 33618, 416, FUTURE-2024)")
            }
            guard confidences.contains(f[4]) else {
                throw fail("confidence '\(f[4])' is none of \(confidences.sorted().joined(separator: ", "))")
            }
            guard let desc = ClusterTable.descriptor(framework: f[0], name: f[3]) else {
                throw fail("no descriptor for \(f[0]) cluster '\(f[3])': add one to ClusterTable.swift")
            }
            guard ids.insert(desc.id).inserted else { throw fail("cluster '\(f[3])' appears twice") }
            for code in desc.occupations where !occupationCodes.contains(code) {
                throw fail("ClusterTable: occupation \(code) of \(desc.id) is not in occupations.xml")
            }
            // Resolve "same as above" / "as above (…)" to the previous row's source.
            var source = f[5]
            for prefix in ["same as above", "as above"] where source.hasPrefix(prefix) {
                let rest = String(source.dropFirst(prefix.count)).trimmingSpaces()
                source = rest.isEmpty ? previousSource : previousSource + " " + rest
                break
            }
            previousSource = source
            var tier = f[1]
            var note: String? = nil
            if tier == "16-partial" {
                tier = "16"
                note = "one of the 8 of 16 fields found so far (the source list ends with 等)"
            }
            x.open(
                "cluster",
                [
                    ("id", desc.id), ("system", system), ("tier", tier), ("tierName", f[2]), ("name", f[3]),
                    ("confidence", f[4]), ("source", short(source)), ("note", note),
                ],
                depth: 1
            )
            for code in desc.occupations { x.empty("occupation", [("code", code)], depth: 2) }
            for term in desc.terms { x.leaf("term", content: term, depth: 2) }
            x.close("cluster", depth: 1)
            summary.clusters[index] += 1
        }
        x.close("clusterCatalog", depth: 0)
        return x.text
    }
}
