public import Foundation

/// Where tests that start the `chanjiao` executable find it.
public enum BuiltProducts {
    /// `$CHANJIAO_BINARY` when set (say, a release build), else the executable beside the test
    /// bundle in the build products folder, else `.build/debug/chanjiao` under the package `root`.
    public static func chanjiao(root: URL) -> URL {
        if let path = ProcessInfo.processInfo.environment["CHANJIAO_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("chanjiao")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/chanjiao")
    }
}

/// What one run of a built executable printed, and how it ended.
public struct ProcessOutput: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output, decoded as UTF-8.
    public var stdout: String
    /// Standard error, decoded as UTF-8.
    public var stderr: String
}

extension BuiltProducts {
    /// Runs `executable` (default: the built `chanjiao`) with `arguments` in the package `root`,
    /// with this process's environment changed by `environment`, waiting for it to end. Standard
    /// output is read to its end before standard error, which suits the small error output of the
    /// commands under test.
    public static func run(
        _ arguments: [String], root: URL, executable: URL? = nil, environment: [String: String] = [:]
    ) throws -> ProcessOutput {
        let p = Process()
        p.executableURL = executable ?? chanjiao(root: root)
        p.arguments = arguments
        p.currentDirectoryURL = root
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return ProcessOutput(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
