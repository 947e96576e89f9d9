import Foundation

extension PlanReport {
    /// Writes every file of `files()` into `directory` (created when missing), each atomically.
    public func write(to directory: String) throws {
        let dir = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for f in files() {
            try Data(f.bytes).write(to: dir.appendingPathComponent(f.name), options: .atomic)
        }
    }
}
