/// Receives the elements of one document from `XMLStreamParser`.
///
/// Element and attribute names are given as indices into the handler's name tables; -1 for a name
/// the handler does not know (the schema reports it when validating).
protocol XMLContentHandler: AnyObject {
    /// The local names of the elements the handler reads.
    var elementNames: [String] { get }
    /// The local names of the attributes the handler reads.
    var attributeNames: [String] { get }
    /// An element starts; `parser.attribute(_:)` gives its attribute values during this call.
    func startElement(_ element: Int, parser: XMLStreamParser)
    /// An element ends; `parser.text` holds its character content.
    func endElement(_ element: Int, parser: XMLStreamParser)
}
