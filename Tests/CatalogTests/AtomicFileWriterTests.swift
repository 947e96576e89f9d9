import Foundation
import Testing

@testable import Catalog

/// `AtomicFileWriter`: a file appears whole or not at all, replaces an existing one, and leaves no
/// temporary file behind, whether committed, discarded or failed.
@Suite("AtomicFileWriter")
struct AtomicFileWriterTests {
    static func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chanjiao-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func names(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    @Test("writes a new file, creating its directory, and leaves nothing else")
    func writesNew() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/sub/a.xml"
        try AtomicFileWriter.write(Array("<a/>\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "<a/>\n")
        #expect(try Self.names(dir + "/sub") == ["a.xml"])
    }

    @Test("replaces an existing file; until the commit, the old one is there whole")
    func replaces() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/plan.json"
        try AtomicFileWriter.write(Array("old".utf8), to: path)
        let writer = try AtomicFileWriter(path: path)
        // More than one 64 KiB chunk, so that part of it is on disk before the commit.
        let line = String(repeating: "x", count: 999) + "\n"
        for _ in 0..<200 { writer.write(line) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try Self.names(dir).count == 2)  // the destination and the temporary file
        #expect(try writer.commit() == 200_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == 200_000)
        #expect(try Self.names(dir) == ["plan.json"])
    }

    @Test("a writer discarded or dropped before its commit leaves the old file and no partial one")
    func discarded() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.xml"
        try AtomicFileWriter.write(Array("old".utf8), to: path)
        let writer = try AtomicFileWriter(path: path)
        writer.write(String(repeating: "y", count: 100_000))
        writer.discard()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try Self.names(dir) == ["a.xml"])
        do {
            let dropped = try AtomicFileWriter(path: dir + "/b.xml")
            dropped.write("partial")
        }
        #expect(try Self.names(dir) == ["a.xml"])
    }

    @Test("a failed write throws, names the file, and leaves the old file and no temporary one")
    func failure() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The destination is a non-empty directory: the rename over it fails.
        try FileManager.default.createDirectory(atPath: dir + "/out.xml/x", withIntermediateDirectories: true)
        #expect(throws: FileWriteError.self) { try AtomicFileWriter.write(Array("new".utf8), to: dir + "/out.xml") }
        #expect(try Self.names(dir) == ["out.xml"])
        // A directory that cannot be created (a file is in its place).
        try AtomicFileWriter.write(Array("file".utf8), to: dir + "/f")
        do {
            try AtomicFileWriter.write(Array("new".utf8), to: dir + "/f/g.xml")
            Issue.record("expected an error")
        } catch {
            #expect(error.path.hasSuffix("/f"))
        }
        #expect(try String(contentsOfFile: dir + "/f", encoding: .utf8) == "file")
    }

    @Test("several files: all are written before any is renamed; a failure renames none")
    func several() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFileWriter.write([("a.txt", Array("A".utf8)), ("b.txt", Array("B".utf8))], into: dir + "/out")
        #expect(try Self.names(dir + "/out") == ["a.txt", "b.txt"])
        #expect(try String(contentsOfFile: dir + "/out/b.txt", encoding: .utf8) == "B")
        // The second name cannot be created (its directory is a file): the first is not renamed.
        try AtomicFileWriter.write(Array("x".utf8), to: dir + "/out/blocked")
        #expect(throws: FileWriteError.self) {
            try AtomicFileWriter.write([("a.txt", Array("A2".utf8)), ("blocked/c.txt", Array("C".utf8))], into: dir + "/out")
        }
        #expect(try String(contentsOfFile: dir + "/out/a.txt", encoding: .utf8) == "A")
        #expect(try Self.names(dir + "/out") == ["a.txt", "b.txt", "blocked"])
    }
}
