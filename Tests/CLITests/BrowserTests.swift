import Foundation
import TestSupport
import Testing

/// Headless Chromium, when installed (`.ci/run` installs it; elsewhere the suite is skipped).
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Loads a page, returns the DOM it rendered and the console messages it logged.
    static func load(_ file: URL, width: Int = 1400) throws -> (dom: String, console: [String]) {
        let r = try BuiltProducts.run(
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=3000", "--window-size=\(width),2400", "--dump-dom", file.absoluteString,
            ], root: CLI.root, executable: URL(fileURLWithPath: path!))
        let console = r.stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        return (r.stdout, console)
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

    @Test("at phone width the page does not scroll sideways, and charts keep their size in their own scrolling box")
    func phoneWidth() throws {
        let out = CLI.temp()
        defer { try? FileManager.default.removeItem(at: out) }
        let plan = try CLI.run(["plan", "Catalogs", "--policy", "Catalogs/policy/chongqing.xml", "--out", out.path])
        #expect(plan.status == 0, "\(plan.stderr)")
        // A copy of the page with a probe that writes what the browser measured into the DOM.
        let probe = """
            <script>(function(){var b=document.body;b.setAttribute("data-viewport",window.innerWidth);\
            b.setAttribute("data-page-width",document.documentElement.scrollWidth);var shrunk=0,n=0;\
            document.querySelectorAll("svg.chart").forEach(function(s){n++;\
            if(s.getBoundingClientRect().width<s.width.baseVal.value-1)shrunk++;});\
            b.setAttribute("data-charts",n);b.setAttribute("data-shrunk",shrunk);})();</script>
            """
        let page = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        let probed = out.appendingPathComponent("probe.html")
        try page.replacingOccurrences(of: "</body>", with: probe + "</body>").write(to: probed, atomically: true, encoding: .utf8)
        func attribute(_ dom: String, _ name: String) -> Int? {
            guard let r = dom.range(of: "\(name)=\"") else { return nil }
            return Int(dom[r.upperBound...].prefix { $0 != "\"" })
        }
        let phone = try Chromium.load(probed, width: 390)
        #expect(phone.console.isEmpty, "\(phone.console)")
        let viewport = try #require(attribute(phone.dom, "data-viewport"))
        #expect(viewport < 760)  // headless Chromium's narrowest window is 500 px; the phone layout starts below 760
        #expect(try #require(attribute(phone.dom, "data-page-width")) <= viewport)
        #expect(try #require(attribute(phone.dom, "data-charts")) >= 3)
        #expect(attribute(phone.dom, "data-shrunk") == 0)
    }
}
