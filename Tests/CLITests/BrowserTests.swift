import Foundation
import Testing

/// Headless Chromium, when installed (`.ci/run` installs it; elsewhere the suite is skipped).
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Loads a page, returns the DOM it rendered and the console messages it logged.
    static func load(_ file: URL) throws -> (dom: String, console: [String]) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path!)
        p.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--enable-logging=stderr", "--v=0",
            "--virtual-time-budget=3000", "--dump-dom", file.absoluteString,
        ]
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let console = String(decoding: e, as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { $0.contains(":CONSOLE") }
        return (String(decoding: o, as: UTF8.self), console)
    }
}

@Suite("report.html in a real browser", .enabled(if: Chromium.path != nil, "chromium is not installed"))
struct BrowserTests {
    @Test("the detector sees a console error on a broken page")
    func detectorWorks() throws {
        let f = CLI.temp().appendingPathExtension("html")
        try "<html><body><script>undefinedFunction();</script></body></html>".write(
            to: f, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: f) }
        let r = try Chromium.load(f)
        #expect(r.console.contains { $0.contains("Uncaught") })
    }

    @Test("the plan's report.html loads without console errors and shows its charts")
    func reportLoads() throws {
        let out = CLI.temp()
        defer { try? FileManager.default.removeItem(at: out) }
        let plan = try CLI.run(["plan", "Catalogs", "--policy", "Catalogs/policy/chongqing.xml", "--out", out.path])
        #expect(plan.status == 0, "\(plan.stderr)")
        let r = try Chromium.load(out.appendingPathComponent("report.html"))
        #expect(r.console.isEmpty, "\(r.console)")
        #expect(r.dom.contains("</html>"))
        #expect(r.dom.components(separatedBy: "<svg").count - 1 >= 3)
        #expect(r.dom.contains("产业集群供需"))
    }
}
