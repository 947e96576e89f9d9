import ArgumentParser
import CatalogImport
import Foundation

extension Chanjiao {
    /// `chanjiao generate`: synthetic colleges and demand at a scale, or the illustrative Chongqing set.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic, illustrative colleges and demand drawn from the real catalogs.",
            discussion: """
                Scales city, province and national write colleges-NNNN.xml and demand-CLUSTER-NNN.xml for \
                benchmarks; scale chongqing writes the small illustrative Chongqing set (Catalogs/chongqing). \
                The same seed and catalogs give byte-identical files.
                """
        )

        /// The scales offered on the command line.
        enum ScaleOption: String, ExpressibleByArgument, CaseIterable {
            case city, province, national, chongqing
        }

        @Option(help: "city, province, national or chongqing.")
        var scale: ScaleOption

        @Option(help: "The seed (any unsigned 64-bit integer).")
        var seed: UInt64

        @Option(help: "The output directory (created if needed).")
        var out: String

        @Option(help: "The directory holding majors.xml, occupations.xml and clusters.xml.")
        var catalogs: String = "Catalogs"

        func run() throws {
            let start = Date()
            do {
                let inputs = try GeneratorInputs.load(from: URL(fileURLWithPath: catalogs, isDirectory: true))
                let directory = URL(fileURLWithPath: out, isDirectory: true)
                let summary: GeneratorSummary
                switch scale {
                case .chongqing:
                    summary = try ChongqingSet.write(inputs: inputs, seed: seed, to: directory)
                case .city:
                    summary = try Generator.write(inputs: inputs, scale: .city, seed: seed, to: directory)
                case .province:
                    summary = try Generator.write(inputs: inputs, scale: .province, seed: seed, to: directory)
                case .national:
                    summary = try Generator.write(inputs: inputs, scale: .national, seed: seed, to: directory)
                }
                let tenths = Int((Date().timeIntervalSince(start) * 10).rounded())
                let line = "generate \(scale.rawValue) seed \(seed): \(summary) in \(tenths / 10).\(tenths % 10) s\n"
                FileHandle.standardError.write(Data(line.utf8))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
