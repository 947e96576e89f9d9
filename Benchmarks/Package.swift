// swift-tools-version: 6.2

import Foundation
import PackageDescription

// Chanjiao's benchmarks: a package of their own so that the root package never depends on
// ordo-one/benchmark. Suites live in `NAME/NAME.swift` (the plugin finds targets whose folder's
// parent is `Benchmarks`); `BenchTool` is the exporter and timer that `./compare` drives against
// the peers in `peers/`; `XMLParserIngest` is the Foundation XMLParser peer.
// A path dependency's identity is its folder's name (the clone's or worktree's, not "Chanjiao").
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let benchmarkDeps: [Target.Dependency] = [
    .product(name: "Benchmark", package: "benchmark"),
    "BenchSupport",
]
let benchmarkPlugins: [Target.PluginUsage] = [.plugin(name: "BenchmarkPlugin", package: "benchmark")]

let package = Package(
    name: "ChanjiaoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // The MallocInterposer trait alone: the default traits also pull a runtime interposer that
        // is not available here.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The library heap that `topk-select-heap` and `deferred-acceptance-20k-heap` measure beside ours.
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        // Inputs shared by the suites and BenchTool: where generated files are, seeded instances.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "Catalog", package: root),
                .product(name: "MatchingCore", package: root),
                .product(name: "Planner", package: root),
                .product(name: "TestSupport", package: root),
            ],
            path: "Support/BenchSupport"
        ),
        // `chanjiao-bench`: exports inputs for the peers and times the Swift side of each pair.
        .executableTarget(name: "BenchTool", dependencies: ["BenchSupport"], path: "Support/BenchTool"),
        // The Foundation XMLParser peer: builds the same records as Catalog's ingest.
        .executableTarget(name: "XMLParserIngest", path: "Support/XMLParserIngest"),

        .executableTarget(name: "Ingest", dependencies: benchmarkDeps, path: "Ingest", plugins: benchmarkPlugins),
        .executableTarget(name: "Vectorize", dependencies: benchmarkDeps, path: "Vectorize", plugins: benchmarkPlugins),
        .executableTarget(
            name: "TopK", dependencies: benchmarkDeps + [.product(name: "HeapModule", package: "swift-collections")], path: "TopK",
            plugins: benchmarkPlugins),
        .executableTarget(name: "Allocation", dependencies: benchmarkDeps, path: "Allocation", plugins: benchmarkPlugins),
        .executableTarget(
            name: "Stable", dependencies: benchmarkDeps + [.product(name: "HeapModule", package: "swift-collections")], path: "Stable",
            plugins: benchmarkPlugins),
        .executableTarget(name: "PlanEndToEnd", dependencies: benchmarkDeps, path: "PlanEndToEnd", plugins: benchmarkPlugins),
    ],
    swiftLanguageModes: [.v6]
)
