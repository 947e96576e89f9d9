import Catalog

extension PlanReport {
    /// Writes every file of `files()` into `directory` (created when missing) through
    /// `AtomicFileWriter`: all are written to temporary names first, then renamed into place.
    public func write(to directory: String) throws {
        try AtomicFileWriter.write(files().map { ($0.name, $0.bytes) }, into: directory)
    }
}
