/// Maximum-weight capacitated b-matching between left and right nodes, solved as a min-cost flow.
///
/// Each edge carries an integer amount in `0...capacity` worth `weight` per unit. Left node `i`
/// uses at most `leftCapacity[i]` units; right node `j` uses between `rightLower[j]` and
/// `rightUpper[j]` units. Capacity may stay unused (a zero-cost bypass from source to sink), so
/// edges of negative weight are never used unless a lower bound needs them.
public struct BipartiteBMatching: Sendable {
    /// Number of left nodes.
    public let leftCount: Int
    /// Number of right nodes.
    public let rightCount: Int
    /// Upper bound on the units at each left node.
    public private(set) var leftCapacity: ContiguousArray<Int64>
    /// Lower bound on the units at each right node.
    public private(set) var rightLower: ContiguousArray<Int64>
    /// Upper bound on the units at each right node.
    public private(set) var rightUpper: ContiguousArray<Int64>
    /// Left end of each edge.
    public private(set) var edgeLeft: ContiguousArray<Int32> = []
    /// Right end of each edge.
    public private(set) var edgeRight: ContiguousArray<Int32> = []
    /// Weight per unit of each edge.
    public private(set) var edgeWeight: ContiguousArray<Int64> = []
    /// Capacity of each edge.
    public private(set) var edgeCapacity: ContiguousArray<Int64> = []

    /// An empty instance: left capacities 1, right bounds `0...1`.
    public init(leftCount: Int, rightCount: Int) {
        self.leftCount = leftCount
        self.rightCount = rightCount
        leftCapacity = ContiguousArray(repeating: 1, count: leftCount)
        rightLower = ContiguousArray(repeating: 0, count: rightCount)
        rightUpper = ContiguousArray(repeating: 1, count: rightCount)
    }

    /// Sets the most units left node `i` may use.
    public mutating func setLeftCapacity(_ i: Int, _ capacity: Int64) throws(MatchingCoreError) {
        guard i >= 0 && i < leftCount else { throw .nodeOutOfRange(node: i, nodeCount: leftCount) }
        guard capacity >= 0 else { throw .invalidArgument("left capacity \(capacity) < 0") }
        leftCapacity[i] = capacity
    }

    /// Sets the bounds on the units right node `j` uses.
    public mutating func setRightBounds(_ j: Int, lower: Int64, upper: Int64) throws(MatchingCoreError) {
        guard j >= 0 && j < rightCount else { throw .nodeOutOfRange(node: j, nodeCount: rightCount) }
        guard lower >= 0 && upper >= lower else { throw .invalidArgument("right bounds \(lower)...\(upper)") }
        rightLower[j] = lower
        rightUpper[j] = upper
    }

    /// Adds an edge between left `i` and right `j` worth `weight` per unit; returns its index.
    @discardableResult
    public mutating func addEdge(left i: Int, right j: Int, weight: Int64, capacity: Int64 = 1)
        throws(MatchingCoreError) -> Int
    {
        guard i >= 0 && i < leftCount else { throw .nodeOutOfRange(node: i, nodeCount: leftCount) }
        guard j >= 0 && j < rightCount else { throw .nodeOutOfRange(node: j, nodeCount: rightCount) }
        guard capacity >= 0 else { throw .invalidArgument("edge capacity \(capacity) < 0") }
        edgeLeft.append(Int32(i))
        edgeRight.append(Int32(j))
        edgeWeight.append(weight)
        edgeCapacity.append(capacity)
        return edgeLeft.count - 1
    }

    /// The flow network: source, left nodes, right nodes, sink; edges first in edge order.
    /// - Complexity: O(left + right + edges).
    public func network() throws(MatchingCoreError) -> MinCostFlow {
        let source = leftCount + rightCount
        let sink = source + 1
        var p = MinCostFlow(nodeCount: leftCount + rightCount + 2)
        p.reserveArcs(edgeLeft.count + leftCount + rightCount + 1)
        var total: Int64 = 0
        for c in leftCapacity {
            let (t, o) = total.addingReportingOverflow(c)
            if o { throw .arithmeticOverflow("sum of left capacities") }
            total = t
        }
        for e in 0..<edgeLeft.count {
            let (negated, o) = Int64(0).subtractingReportingOverflow(edgeWeight[e])
            if o { throw .arithmeticOverflow("weight of edge \(e)") }
            try p.addArc(
                from: Int(edgeLeft[e]), to: leftCount + Int(edgeRight[e]), capacity: edgeCapacity[e], cost: negated)
        }
        for i in 0..<leftCount { try p.addArc(from: source, to: i, capacity: leftCapacity[i], cost: 0) }
        for j in 0..<rightCount {
            try p.addArc(from: leftCount + j, to: sink, lower: rightLower[j], capacity: rightUpper[j], cost: 0)
        }
        try p.addArc(from: source, to: sink, capacity: total, cost: 0)  // unused capacity
        try p.setSupply(source, total)
        try p.setSupply(sink, -total)
        return p
    }

    /// Solves for maximum total weight; `.infeasible` when the right lower bounds cannot be met.
    /// - Complexity: that of `MinCostFlow.solve()` on left + right + 2 nodes and left + right + edges + 1 arcs.
    public func solve() throws(MatchingCoreError) -> BMatchingResult {
        let p = try network()
        let r = try p.solve()
        guard r.status == .optimal else {
            return BMatchingResult(status: .infeasible, totalWeight: 0, amount: [])
        }
        let amount = ContiguousArray(r.flow[0..<edgeLeft.count])
        var weight: Int64 = 0
        for e in 0..<edgeLeft.count where amount[e] != 0 {
            let (w, o1) = amount[e].multipliedReportingOverflow(by: edgeWeight[e])
            let (s, o2) = weight.addingReportingOverflow(w)
            if o1 || o2 { throw .arithmeticOverflow("total weight") }
            weight = s
        }
        return BMatchingResult(status: .optimal, totalWeight: weight, amount: amount)
    }
}

/// The outcome of a b-matching.
public struct BMatchingResult: Sendable, Equatable {
    /// Optimal, or infeasible when lower bounds cannot be met.
    public var status: MinCostFlowResult.Status
    /// Σ amount·weight.
    public var totalWeight: Int64
    /// Units on each edge, in edge order (empty when infeasible).
    public var amount: ContiguousArray<Int64>
}
