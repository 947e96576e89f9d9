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
