import ArgumentParser
import CatalogImport
import Foundation

extension Chanjiao {
    /// `chanjiao import-moe`: rebuild majors.xml, occupations.xml and clusters.xml from the repository's
    /// tables, or (`--texts`) cut those tables from the full source folder.
    struct ImportMoe: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-moe",
            abstract: "Build the major, occupation and cluster catalogs (XML) from the tables in Catalogs/sources.",
            discussion: """
                Reads the tables in --from (default Catalogs/sources: the catalog's facts and the terms cut \
                from the MoE texts; see its README.md) and writes majors.xml, occupations.xml and \
                clusters.xml into --out (atomically; the same tables give byte-identical output).

                With --texts DIR it instead cuts the tables from the full source folder DIR \
                (vocational_majors_2021.csv, vocational_majors_additions_2022_2025.csv, \
                major_occupation_map.csv, occupations_cn_2022.csv, major_profiles_2021.json, \
                chongqing_33618_416.csv): the facts' columns are copied, the profiles' and task lists' \
                sentences are cut into short terms, and the tables are written into --from. Run \
                import-moe again afterwards to rebuild the XML.
                """
        )

        @Option(name: .customLong("from"), help: "Directory holding the repository's tables (written by --texts).")
        var from: String = "Catalogs/sources"

        @Option(name: .customLong("out"), help: "Directory the XML catalogs are written to.")
        var out: String = "Catalogs"

        @Option(name: .customLong("texts"), help: "Cut the tables in --from from this full source folder instead.")
        var texts: String?

        @Flag(
            help:
                "First re-derive Catalogs/sources/derived_major_terms.tsv (terms and links of the majors without any, from their name, 专业类 and sibling majors) from the other tables in --from."
        )
        var derive = false

        @Flag(name: .shortAndLong, help: "Print nothing but errors.")
        var quiet = false

        @Flag(help: "With --texts: also list the ability phrases dropped as generic, with how many majors have each.")
        var listGeneric = false

        func validate() throws {
            for (flag, path) in [("--from", from), ("--texts", texts)] {
                guard let path else { continue }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
                else {
                    throw ValidationError("\(flag) \(path): no such directory")
                }
            }
            if listGeneric && texts == nil { throw ValidationError("--list-generic needs --texts") }
        }

        func run() throws {
            let tables = URL(fileURLWithPath: from, isDirectory: true)
            do {
                if let texts {
                    let cut = try MoeTables.cut(sourceDirectory: URL(fileURLWithPath: texts, isDirectory: true))
                    try MoeTables.write(cut, to: tables)
                    if !quiet { print(cut.summary) }
                    if listGeneric {
                        for g in cut.genericPhrases {
                            let why = [g.frequent ? "frequency" : nil, g.stopListed ? "stop-list" : nil]
                                .compactMap { $0 }
                            print("\(g.majors)\t\(why.joined(separator: "+"))\t\(g.phrase)")
                        }
                    }
                    return
                }
                if derive { try MoeTables.derive(tablesDirectory: tables) }
                let importer = MoeImporter(
                    tablesDirectory: tables,
                    outputDirectory: URL(fileURLWithPath: out, isDirectory: true)
                )
                let output = try importer.run()
                if !quiet { print(output.summary) }
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
