import Catalog
import Foundation
import TestSupport

/// Loads a hand-built world: catalog files written as (name, XML) into a fresh temporary folder,
/// read by the ordinary loader, the folder removed afterwards. Each test asserts on the diagnostics
/// what its world needs.
enum World {
    static func load(_ prefix: String, _ files: [(String, String)]) throws -> CatalogLoader.Result {
        let dir = try TemporaryFiles.directory(prefix, files.map { (name: $0.0, text: $0.1) })
        defer { try? FileManager.default.removeItem(at: dir) }
        return CatalogLoader().load([dir.path])
    }
}
