/// A min-cost flow problem: nodes with supplies, arcs with lower bounds, capacities and costs.
///
/// Nodes are `0..<nodeCount`. A positive supply is a source, a negative one a demand. Arcs may be
/// parallel, have negative costs and zero capacities. All quantities are `Int64`; capacities are
/// finite, so a problem is never unbounded (a negative cycle saturates at its capacities).
public struct MinCostFlow: Sendable, Equatable {
    /// Number of nodes.
    public private(set) var nodeCount: Int
    /// Supply of each node (positive: source, negative: demand).
    public private(set) var supply: ContiguousArray<Int64>
    /// Tail (origin) node of each arc.
    public private(set) var tails: ContiguousArray<Int32> = []
    /// Head (destination) node of each arc.
    public private(set) var heads: ContiguousArray<Int32> = []
    /// Lower bound of each arc's flow.
    public private(set) var lowers: ContiguousArray<Int64> = []
    /// Capacity (upper bound) of each arc's flow.
    public private(set) var capacities: ContiguousArray<Int64> = []
    /// Cost per unit of flow of each arc.
    public private(set) var costs: ContiguousArray<Int64> = []

    /// An empty problem on `nodeCount` nodes with zero supplies.
    public init(nodeCount: Int) {
        precondition(nodeCount >= 0 && nodeCount < Int(Int32.max), "node count out of range")
        self.nodeCount = nodeCount
        self.supply = ContiguousArray(repeating: 0, count: nodeCount)
    }

    /// Number of arcs.
    public var arcCount: Int { tails.count }

    /// Reserves storage for `arcs` arcs.
    public mutating func reserveArcs(_ arcs: Int) {
        tails.reserveCapacity(arcs)
        heads.reserveCapacity(arcs)
        lowers.reserveCapacity(arcs)
        capacities.reserveCapacity(arcs)
        costs.reserveCapacity(arcs)
    }

    /// Sets the supply of `node` (positive: it sends, negative: it receives).
    public mutating func setSupply(_ node: Int, _ value: Int64) throws(MatchingCoreError) {
        guard node >= 0 && node < nodeCount else {
            throw .nodeOutOfRange(node: node, nodeCount: nodeCount)
        }
        supply[node] = value
    }

    /// Adds an arc `tail → head` carrying between `lower` and `capacity` units at `cost` each;
    /// returns its index.
    @discardableResult
    public mutating func addArc(
        from tail: Int, to head: Int, lower: Int64 = 0, capacity: Int64, cost: Int64
    ) throws(MatchingCoreError) -> Int {
        guard tail >= 0 && tail < nodeCount else { throw .nodeOutOfRange(node: tail, nodeCount: nodeCount) }
        guard head >= 0 && head < nodeCount else { throw .nodeOutOfRange(node: head, nodeCount: nodeCount) }
        guard capacity >= lower else { throw .invalidBounds(arc: arcCount, lower: lower, upper: capacity) }
        tails.append(Int32(truncatingIfNeeded: tail))
        heads.append(Int32(truncatingIfNeeded: head))
        lowers.append(lower)
        capacities.append(capacity)
        costs.append(cost)
        return tails.count - 1
    }

    /// The sum of all supplies, or nil if it overflows; a feasible problem has sum zero.
    public var supplySum: Int64? {
        var sum: Int64 = 0
        for s in supply {
            let (r, o) = sum.addingReportingOverflow(s)
            if o { return nil }
            sum = r
        }
        return sum
    }
}

/// The outcome of a min-cost flow solve.
public struct MinCostFlowResult: Sendable, Equatable {
    /// Whether an optimal flow was found.
    public enum Status: Sendable, Equatable {
        /// The flow is feasible and of minimum cost.
        case optimal
        /// No flow meets the supplies and bounds (or the supplies do not sum to zero).
        case infeasible
    }
    /// Optimal or infeasible.
    public var status: Status
    /// Total cost Σ flow·cost (0 when infeasible).
    public var totalCost: Int64
    /// Flow on each arc, in arc order (empty when infeasible).
    public var flow: ContiguousArray<Int64>
    /// Node potentials π with reduced cost `cost + π[tail] − π[head]` (empty when infeasible).
    public var potential: ContiguousArray<Int64>
    /// Number of simplex pivots (including degenerate ones and bound flips).
    public var pivots: Int
    /// When infeasible with balanced supplies: a node set X whose supply exceeds what can leave
    /// it, `Σ_X supply > Σ_{X→out} capacity − Σ_{out→X} lower` (a Hoffman cut); else empty.
    public var infeasibleCut: ContiguousArray<Bool> = []

    /// A result from its parts.
    public init(
        status: Status, totalCost: Int64, flow: ContiguousArray<Int64>, potential: ContiguousArray<Int64>,
        pivots: Int, infeasibleCut: ContiguousArray<Bool> = []
    ) {
        self.status = status
        self.totalCost = totalCost
        self.flow = flow
        self.potential = potential
        self.pivots = pivots
        self.infeasibleCut = infeasibleCut
    }
}
