public import Foundation

/// Fixture files written for one test into a fresh temporary directory.
public enum TemporaryFiles {
    /// Writes each `(name, text)` as UTF-8 into a new directory under the system's temporary
    /// directory (named `prefix-UUID`) and returns that directory.
    public static func directory(_ prefix: String, _ files: [(name: String, text: String)]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }
}
