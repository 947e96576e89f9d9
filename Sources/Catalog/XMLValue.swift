import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An attribute value as bytes inside libxml2's buffer, valid during the start-element callback.
struct XMLValue {
    let base: UnsafePointer<UInt8>
    let count: Int

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Unicode scalars in valid UTF-8 `bytes`: the bytes that are not continuation bytes.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The value with XML whitespace trimmed at both ends, as schema types other than strings read it.
    var trimmed: UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = count
        while lo < hi, XMLValue.isSpace(base[lo]) { lo += 1 }
        while hi > lo, XMLValue.isSpace(base[hi - 1]) { hi -= 1 }
        return UnsafeBufferPointer(start: base + lo, count: hi - lo)
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// `String(decoding: bytes, as: UTF8.self).trimmingXMLWhitespace()`, decoding only once when
    /// neither end is whitespace (the common case, and then the trim would keep the whole string).
    static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let first = bytes.first, let last = bytes.last else { return "" }
        if !isSpace(first) && !isSpace(last) { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes, as: UTF8.self).trimmingXMLWhitespace()
    }

    /// A non-negative decimal integer, or nil.
    var int: Int? {
        let t = trimmed
        guard !t.isEmpty, t.count <= 18 else { return nil }
        var v = 0
        var k = 0
        if t[0] == UInt8(ascii: "+") { k = 1 }
        guard k < t.count else { return nil }
        while k < t.count {
            let d = Int(t[k]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            v = v * 10 + d
            k += 1
        }
        return v
    }

    /// A decimal number (xs:decimal syntax), or nil: the Double nearest to the decimal as written
    /// (`0.7` is the Double `0.7`, not `0.7000000000000001`), so a threshold and a rate written
    /// alike compare equal.
    var double: Double? {
        let t = trimmed
        guard !t.isEmpty, t.count <= 40 else { return nil }
        var k = 0
        var negative = false
        if t[0] == UInt8(ascii: "-") || t[0] == UInt8(ascii: "+") {
            negative = t[0] == UInt8(ascii: "-")
            k = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var exact = true
        func take(_ d: UInt8) {
            if mantissa < (1 << 53) / 10 { mantissa = mantissa * 10 + UInt64(d) } else { exact = false }
        }
        while k < t.count, t[k] >= 48, t[k] <= 57 {
            take(t[k] - 48)
            digits += 1
            k += 1
        }
        if k < t.count, t[k] == UInt8(ascii: ".") {
            k += 1
            while k < t.count, t[k] >= 48, t[k] <= 57 {
                take(t[k] - 48)
                fraction += 1
                digits += 1
                k += 1
            }
        }
        guard digits > 0, k == t.count else { return nil }
        var value: Double
        if exact && fraction <= 22 {
            // Both operands are exact Doubles (mantissa < 2^53, 10^fraction ≤ 10^22): one rounding.
            var scale = 1.0
            for _ in 0..<fraction { scale *= 10 }
            value = Double(mantissa) / scale
        } else {
            // Many digits: the standard library's correctly rounded reading of the digits.
            let signed = t[0] == UInt8(ascii: "-") || t[0] == UInt8(ascii: "+")
            guard let v = Double(String(decoding: t[(signed ? 1 : 0)...], as: UTF8.self)) else { return nil }
            value = v
        }
        if negative { value = -value }
        return value
    }

    /// xs:boolean: true/false/1/0.
    var bool: Bool? {
        let t = trimmed
        if t.elementsEqual("true".utf8) || t.elementsEqual("1".utf8) { return true }
        if t.elementsEqual("false".utf8) || t.elementsEqual("0".utf8) { return false }
        return nil
    }
}

extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF).
    func trimmingXMLWhitespace() -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { !XMLValue.isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !XMLValue.isSpace($0) })!
        return String(self[first...last])
    }
}
