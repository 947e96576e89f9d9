import ArgumentParser
import CatalogImport
import Foundation

extension Chanjiao {
    /// `chanjiao import-moe`: rebuild majors.xml, occupations.xml and clusters.xml from the MoE sources.
    struct ImportMoe: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-moe",
            abstract: "Import the MoE major catalog, the occupation dictionary and the Chongqing clusters into XML.",
            discussion: """
                Reads vocational_majors_2021.csv, vocational_majors_additions_2022_2025.csv, \
                major_occupation_map.csv, major_profiles_2021.json, occupations_cn_2022.csv and \
                chongqing_33618_416.csv from --from, and writes majors.xml, occupations.xml and \
                clusters.xml into --out (atomically; the same input gives byte-identical output).
                """
        )

        @Option(name: .customLong("from"), help: "Directory holding the source tables.")
        var from: String = "../shared/data"

        @Option(name: .customLong("out"), help: "Directory the XML catalogs are written to.")
        var out: String = "Catalogs"

        @Flag(name: .shortAndLong, help: "Print nothing but errors.")
        var quiet = false

        @Flag(help: "Also list the ability phrases dropped as generic, with how many majors have each.")
        var listGeneric = false

        func validate() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: from, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--from \(from): no such directory")
            }
        }

        func run() throws {
            let importer = MoeImporter(
                sourceDirectory: URL(fileURLWithPath: from, isDirectory: true),
                outputDirectory: URL(fileURLWithPath: out, isDirectory: true)
            )
            do {
                let output = try importer.run()
                if !quiet { print(output.summary) }
                if listGeneric {
                    for g in output.genericPhrases {
                        let why = [g.frequent ? "frequency" : nil, g.stopListed ? "stop-list" : nil].compactMap { $0 }
                        print("\(g.majors)\t\(why.joined(separator: "+"))\t\(g.phrase)")
                    }
                }
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
