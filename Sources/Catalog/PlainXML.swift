/// Receives the elements of an XML document that is no Chanjiao format (the parts of an .xlsx
/// workbook), read by `PlainXML.parse` with the project's streaming libxml2 parser.
///
/// Elements and attributes are named by their local names (namespaces are not told apart) and
/// given as indices into `elementNames` and `attributeNames`; -1 for a name not in the table.
public protocol PlainXMLHandler: AnyObject {
    /// The local names of the elements the handler reads.
    var elementNames: [String] { get }
    /// The local names of the attributes the handler reads.
    var attributeNames: [String] { get }
    /// An element starts: its attribute values by attribute index (nil when absent).
    func start(element: Int, attributes: [String?])
    /// An element ends: its character content, untrimmed (empty for elements not in the table).
    func end(element: Int, text: String)
}

/// Streams documents that are no Chanjiao format through the same libxml2 SAX2 parser as the
/// catalogs: DOCTYPE refused, UTF-8 only, no network, depth, size and start-tag limits, located
/// diagnostics; no schema.
public enum PlainXML {
    /// Parses `bytes` (named `name` in diagnostics), handing every element to `handler`; returns
    /// the diagnostics (errors when the document is not well-formed or passes a limit).
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, name: String, options: IngestOptions = IngestOptions(),
        handler: PlainXMLHandler
    ) -> [Diagnostic] {
        var plain = options
        plain.validate = false
        let parser = XMLStreamParser(file: name, options: plain)
        let adapter = PlainAdapter(handler)
        parser.parsePlainMemory(bytes, handler: adapter)
        var out = parser.sink.finish()
        if out.isEmpty && !adapter.sawElement {
            out.append(
                Diagnostic(
                    file: name, line: 1, column: 1, severity: .error, message: "no root element found: the part is not an XML document"))
        }
        return out
    }
}

/// Adapts a public `PlainXMLHandler` to the parser's internal content-handler protocol.
private final class PlainAdapter: XMLContentHandler {
    let handler: PlainXMLHandler
    let elementNames: [String]
    let attributeNames: [String]
    var sawElement = false

    init(_ handler: PlainXMLHandler) {
        self.handler = handler
        elementNames = handler.elementNames
        attributeNames = handler.attributeNames
    }

    func startElement(_ element: Int, parser: XMLStreamParser) {
        sawElement = true
        var values: [String?] = []
        values.reserveCapacity(attributeNames.count)
        for i in attributeNames.indices { values.append(parser.attribute(i)?.string) }
        handler.start(element: element, attributes: values)
    }

    func endElement(_ element: Int, parser: XMLStreamParser) {
        let text = element >= 0 ? String(decoding: parser.rawTextBytes, as: UTF8.self) : ""
        handler.end(element: element, text: text)
    }
}
