import ArgumentParser
import Foundation
import MatchingCore

extension Chanjiao {
    /// `chanjiao flow FILE [--flows]`: solve a DIMACS min-cost flow file exactly.
    struct Flow: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Solve a DIMACS min-cost flow problem exactly (network simplex).",
            discussion: """
                Prints `s COST`; with --flows also `f TAIL HEAD FLOW` for every arc in input order. \
                Infeasible problems and malformed files are reported on stderr with exit status 1.
                """
        )

        @Argument(help: "A DIMACS min-cost flow file (p min NODES ARCS; n ID SUPPLY; a TAIL HEAD LOW CAP COST).")
        var file: String

        @Flag(help: "Also print the flow on every arc.")
        var flows = false

        @Flag(help: "Check the optimality (or infeasibility) certificate independently of the solver.")
        var verify = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                Self.standardError("\(file): cannot read the file\n")
                throw ExitCode(1)
            }
            let problem: MinCostFlow
            let result: MinCostFlowResult
            do {
                problem = try DIMACS.readMinCostFlow([UInt8](data))
                result = try problem.solve()
                if verify { try problem.verifyOptimality(result) }
            } catch {
                switch error {
                case .dimacs(let line, let message): Self.standardError("\(file):\(line): \(message)\n")
                default: Self.standardError("\(file): \(error)\n")
                }
                throw ExitCode(1)
            }
            guard result.status == .optimal else {
                if let sum = problem.supplySum, sum != 0 {
                    Self.standardError("\(file): infeasible: supplies sum to \(sum), not zero\n")
                } else {
                    Self.standardError("\(file): infeasible: no flow meets the supplies and arc bounds\n")
                }
                throw ExitCode(1)
            }
            var out: [UInt8] = []
            out.reserveCapacity(flows ? problem.arcCount * 24 + 32 : 32)
            out.append(contentsOf: "s ".utf8)
            Self.append(result.totalCost, to: &out)
            out.append(0x0A)
            if flows {
                for a in 0..<problem.arcCount {
                    out.append(contentsOf: "f ".utf8)
                    Self.append(Int64(problem.tails[a]) + 1, to: &out)
                    out.append(0x20)
                    Self.append(Int64(problem.heads[a]) + 1, to: &out)
                    out.append(0x20)
                    Self.append(result.flow[a], to: &out)
                    out.append(0x0A)
                }
            }
            FileHandle.standardOutput.write(Data(out))
        }

        static func standardError(_ message: String) {
            FileHandle.standardError.write(Data(message.utf8))
        }

        /// Appends the decimal digits of `value` without going through String.
        static func append(_ value: Int64, to out: inout [UInt8]) {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var digits:
                (
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
                ) =
                    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                    count += 1
                } while magnitude > 0
                for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
            }
        }
    }
}
