// swift-tools-version: 6.2
import PackageDescription

// CI builds with warnings as errors so that warnings never pile up (STYLE.md).
let warningsAsErrors: [SwiftSetting] =
    Context.environment["CI"] == "true" ? [.treatAllWarnings(as: .error)] : []
let strict: [SwiftSetting] = [.enableUpcomingFeature("InternalImportsByDefault")] + warningsAsErrors

let package = Package(
    name: "Chanjiao",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chanjiao", targets: ["chanjiao"]),
        .library(name: "MatchingCore", targets: ["MatchingCore"]),
        .library(name: "Catalog", targets: ["Catalog"]),
        .library(name: "Planner", targets: ["Planner"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "TestSupport", targets: ["TestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Imported by Server directly (also in the graph through hummingbird).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // The .xlsx container (zip) for Workbook.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // PostgreSQL client for Storage's PostgresRepository (`chanjiao serve --db postgres://…`).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // SHA-256 for Storage (also in the graph through postgres-nio).
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // Heap for MatchingCore's block-max search (also in the graph through swift-nio).
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        // partitioningIndex (binary search) for the block-max search and the candidates.
        .package(url: "https://github.com/apple/swift-algorithms.git", from: "1.2.1"),
    ],
    targets: [
        // libxml2 through pkg-config (apt: libxml2-dev). The shim wraps xmlFree and the
        // structured-error callback, whose pointer constness changed in libxml2 2.12.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Fixed chunks of work on several threads, joined in order (the output never depends on the
        // thread count). Below every module that works in parallel.
        .target(name: "Parallel", swiftSettings: strict),
        // Integer ids, sparse vectors, inverted index, top-k, min-cost flow, b-matching,
        // deferred acceptance. Knows nothing of majors or colleges.
        .target(
            name: "MatchingCore",
            dependencies: [
                "Parallel",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Algorithms", package: "swift-algorithms"),
            ],
            swiftSettings: strict
        ),
        // Domain value types and XML ingest/validation; the only importer of CLibXML2.
        .target(name: "Catalog", dependencies: ["CLibXML2", "Parallel"], swiftSettings: strict),
        // import-moe (real catalogs from the tables in Catalogs/sources) and the seeded scale generator.
        .target(name: "CatalogImport", dependencies: ["Catalog"], swiftSettings: strict),
        // Vectorize, score, allocate, advise, pair: domain policy over MatchingCore.
        .target(
            name: "Planner",
            dependencies: ["Catalog", "MatchingCore", "Parallel", .product(name: "Algorithms", package: "swift-algorithms")],
            swiftSettings: strict
        ),
        // JSON, CSV, Markdown, HTML + SVG.
        .target(name: "Reports", dependencies: ["Planner", "Catalog", "Parallel"], swiftSettings: strict),
        // Repositories behind a protocol: GRDB (SQLite from the system, the default) and PostgreSQL
        // (postgres-nio): submissions, tokens, plans.
        .target(
            name: "Storage",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // .xlsx in and out: templates, import to the project's XML with cell-located errors, report
        // workbooks. ZIPFoundation for the container; the sheets' XML through Catalog's libxml2 reader.
        .target(
            name: "Workbook",
            dependencies: ["Catalog", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // Hummingbird routes and HTTP mapping only.
        .target(
            name: "Server",
            dependencies: [
                "Catalog", "Planner", "Reports", "Storage", "Workbook",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The CLI: parsing and wiring, no logic.
        .executableTarget(
            name: "chanjiao",
            dependencies: [
                "Catalog", "CatalogImport", "MatchingCore", "Parallel", "Planner", "Reports", "Server", "Storage", "Workbook",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Seeded generators and fixture builders shared by tests and benchmarks (no Testing import).
        .target(name: "TestSupport", dependencies: ["MatchingCore"], swiftSettings: strict),
        .testTarget(
            name: "CatalogTests",
            dependencies: ["Catalog", "CatalogImport", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "ParallelTests", dependencies: ["Parallel"], swiftSettings: strict),
        .testTarget(name: "MatchingCoreTests", dependencies: ["MatchingCore", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PlannerTests",
            dependencies: ["Planner", "Catalog", "Reports", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "CLITests", dependencies: ["chanjiao", "TestSupport"], exclude: ["Snapshots"], swiftSettings: strict),
        .testTarget(name: "GeneratorTests", dependencies: ["CatalogImport"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage"], swiftSettings: strict),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Storage", "Catalog", "chanjiao", "TestSupport", "Workbook",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WorkbookTests",
            dependencies: ["Workbook", "Catalog", "chanjiao", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Planner", "Catalog", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CatalogImportTests",
            dependencies: ["CatalogImport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
