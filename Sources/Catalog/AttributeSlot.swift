/// One attribute of the current start tag, by the handler's attribute index: valid while `stamp`
/// equals the parser's.
struct AttributeSlot {
    var stamp = 0
    var value: UnsafePointer<UInt8>?
    var count = 0
}
