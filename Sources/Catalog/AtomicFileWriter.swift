import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be written: the path concerned and what went wrong.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or the temporary file, or the directory) concerned.
    public var path: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// Writes a file so that a reader sees its old content or the whole new one, never a part: the
/// bytes go to a temporary file in the destination's directory (`.NAME.tmp-PID-RANDOM`), which is
/// renamed over the destination once complete. A writer dropped or failed before `commit` removes
/// its temporary file and leaves the destination as it was. The one file writer of the project:
/// the catalog importer, the generator, the reports and the CLI write through it.
///
/// Bytes are buffered and written in 64 KiB chunks, so a large file is streamed, never held whole.
public final class AtomicFileWriter {
    /// The destination.
    public let path: String
    /// The temporary file the bytes go to until `commit`.
    public let temporaryPath: String
    /// Bytes written so far (buffered ones included).
    public private(set) var byteCount = 0
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var failure: String?
    private var finished = false
    private static let chunk = 1 << 16

    /// Creates the temporary file next to `path`, creating the directory when it is missing.
    public init(path: String) throws(FileWriteError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        temporaryPath = ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(".\(name).tmp-\(tag)")
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw FileWriteError(path: directory, message: "cannot create directory: \(error.localizedDescription)")
            }
        }
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw FileWriteError(path: temporaryPath, message: "cannot create file: \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    deinit { discard() }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        byteCount += text.utf8.count
        if buffer.count >= Self.chunk { flush() }
    }

    /// Appends `bytes`.
    public func write(bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        byteCount += bytes.count
        if buffer.count >= Self.chunk { flush() }
    }

    /// Writes the buffer out; the first failure is kept and reported by `commit`.
    private func flush() {
        guard !buffer.isEmpty, failure == nil, descriptor >= 0 else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        if let error = buffer.withUnsafeBytes({ writeAll(descriptor, $0) }) { failure = "cannot write: \(error)" }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, closes the temporary file and renames it over the destination;
    /// returns the file's size. On failure the temporary file is removed and the destination kept.
    @discardableResult
    public func commit() throws(FileWriteError) -> Int {
        try close()
        try rename()
        return byteCount
    }

    /// Flushes and closes the temporary file without renaming it (the first step of a commit);
    /// on failure it is removed.
    fileprivate func close() throws(FileWriteError) {
        flush()
        if descriptor >= 0 {
            if let error = closeDescriptor(descriptor), failure == nil { failure = "cannot close: \(error)" }
            descriptor = -1
        }
        if let failure {
            discard()
            throw FileWriteError(path: path, message: failure)
        }
    }

    /// Gives the file up: the temporary file is closed and removed, the destination left as it was.
    public func discard() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 {
            _ = closeDescriptor(descriptor)
            descriptor = -1
        }
        unlink(temporaryPath)
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(FileWriteError) {
        let writer = try AtomicFileWriter(path: path)
        writer.write(bytes: bytes)
        try writer.commit()
    }

    /// Writes several files into `directory` (created when missing): every file goes to its
    /// temporary name first, and only when all are written are they renamed into place, so a
    /// failed write leaves none of them half written.
    public static func write(_ files: [(name: String, bytes: [UInt8])], into directory: String) throws(FileWriteError) {
        var writers: [AtomicFileWriter] = []
        for f in files {
            let writer = try AtomicFileWriter(path: (directory as NSString).appendingPathComponent(f.name))
            writer.write(bytes: f.bytes)
            try writer.close()
            writers.append(writer)
        }
        for w in writers { try w.rename() }
    }

    /// Renames the closed temporary file over the destination; on failure it is removed.
    private func rename() throws(FileWriteError) {
        if let error = renameFile(temporaryPath, path) {
            discard()
            throw FileWriteError(path: path, message: "cannot rename \((temporaryPath as NSString).lastPathComponent) into place: \(error)")
        }
        finished = true
    }
}

/// Writes all of `bytes` to `descriptor`; nil, or the system's reason for failing.
private func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> String? {
    var done = 0
    while done < bytes.count {
        let n = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
        if n < 0 {
            if errno == EINTR { continue }
            return String(cString: strerror(errno))
        }
        done += n
    }
    return nil
}

/// Closes `descriptor`; nil, or the system's reason for failing.
private func closeDescriptor(_ descriptor: Int32) -> String? {
    close(descriptor) == 0 ? nil : String(cString: strerror(errno))
}

/// Renames `from` to `to` (replacing it); nil, or the system's reason for failing.
private func renameFile(_ from: String, _ to: String) -> String? {
    rename(from, to) == 0 ? nil : String(cString: strerror(errno))
}
