/// The generator's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Every draw is integer arithmetic or a correctly rounded IEEE operation, so one seed gives the
/// same stream on every platform and Swift version (the system generator is never used).
public struct GeneratorRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates the generator for `seed`; distinct `stream`s give independent sequences.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform integer in `0..<n` (multiply-high; `n` must be positive).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `lo..<hi`.
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * unit()
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A uniformly chosen element (the array must not be empty).
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index drawn with probability proportional to `cumulative[i] - cumulative[i-1]`.
    mutating func pick(cumulative: [Double]) -> Int {
        let x = unit() * (cumulative.last ?? 0)
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// `k` distinct elements of `items` in draw order (partial Fisher–Yates on a copy).
    mutating func sample<T>(_ items: [T], _ k: Int) -> [T] {
        var copy = items
        let k = min(k, copy.count)
        for i in 0..<k {
            copy.swapAt(i, i + below(copy.count - i))
        }
        return Array(copy.prefix(k))
    }

    /// `k` distinct items, each draw proportional to the weights of the items not yet drawn, in draw order.
    mutating func weightedSample<T>(_ items: [T], weights: [Double], _ k: Int) -> [T] {
        var items = items
        var weights = weights
        var out: [T] = []
        for _ in 0..<min(k, items.count) {
            let i = pick(cumulative: weights.generatorCumulative())
            out.append(items.remove(at: i))
            weights.remove(at: i)
        }
        return out
    }

    /// A draw of mean 0 and standard deviation 1: the Irwin–Hall sum of three uniforms, rescaled
    /// (bounded by ±3, no libm function needed).
    mutating func standard() -> Double {
        (unit() + unit() + unit() - 1.5) * 2
    }
}

extension Array where Element == Double {
    /// Running sums, for `GeneratorRandom.pick(cumulative:)`.
    func generatorCumulative() -> [Double] {
        var total = 0.0
        return map {
            total += $0
            return total
        }
    }
}
