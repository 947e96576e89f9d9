extension MinCostFlow {
    /// Solves the problem exactly with the primal network simplex (block-search pivoting).
    ///
    /// Returns `.infeasible` when the supplies do not sum to zero or no flow meets the bounds.
    /// Throws `.arithmeticOverflow` when costs, supplies or bounds are so large that potentials or
    /// the total cost would not fit in Int64.
    /// - Complexity: each pivot costs O(√m) pricing plus O(size of the moved subtree + cycle
    ///   length); the number of pivots is not polynomially bounded in theory but is close to
    ///   linear in practice. Memory O(n + m).
    public func solve() throws(MatchingCoreError) -> MinCostFlowResult {
        let n = nodeCount
        let m = arcCount
        var shiftedSupply = ContiguousArray<Int64>(repeating: 0, count: n + 1)
        for i in 0..<n { shiftedSupply[i] = supply[i] }
        var residualCap = ContiguousArray<Int64>(repeating: 0, count: m)
        var baseCost: Int64 = 0
        var maxCost: Int64 = 0
        for a in 0..<m {
            let l = lowers[a]
            let u = capacities[a]
            let c = costs[a]
            let (span, o1) = u.subtractingReportingOverflow(l)
            if o1 { throw .arithmeticOverflow("capacity minus lower bound of arc \(a)") }
            residualCap[a] = span
            if c == Int64.min { throw .arithmeticOverflow("cost of arc \(a)") }
            maxCost = Swift.max(maxCost, c.magnitude > UInt64(Int64.max) ? Int64.max : abs(c))
            // A self-loop's lower bound leaves and re-enters the same node: no supply changes
            // (shifting both ends from the same old value would add it instead, finding D1).
            if l != 0 && tails[a] != heads[a] {
                let t = Int(tails[a])
                let h = Int(heads[a])
                let (s1, o2) = shiftedSupply[t].subtractingReportingOverflow(l)
                let (s2, o3) = shiftedSupply[h].addingReportingOverflow(l)
                let (lc, o4) = l.multipliedReportingOverflow(by: c)
                let (bc, o5) = baseCost.addingReportingOverflow(lc)
                if o2 || o3 || o4 || o5 { throw .arithmeticOverflow("lower bound of arc \(a)") }
                shiftedSupply[t] = s1
                shiftedSupply[h] = s2
                baseCost = bc
            } else if l != 0 {
                let (lc, o4) = l.multipliedReportingOverflow(by: c)
                let (bc, o5) = baseCost.addingReportingOverflow(lc)
                if o4 || o5 { throw .arithmeticOverflow("lower bound of arc \(a)") }
                baseCost = bc
            }
        }
        var sum: Int64 = 0
        var positive: Int64 = 0
        for i in 0..<n {
            let s = shiftedSupply[i]
            let (r, o) = sum.addingReportingOverflow(s)
            if o { throw .arithmeticOverflow("sum of supplies") }
            sum = r
            if s > 0 {
                let (p, o2) = positive.addingReportingOverflow(s)
                if o2 { throw .arithmeticOverflow("sum of positive supplies") }
                positive = p
            }
        }
        if sum != 0 || supplySum != 0 {
            return MinCostFlowResult(status: .infeasible, totalCost: 0, flow: [], potential: [], pivots: 0)
        }
        // Artificial arcs cost more than any simple path of real arcs, so they carry flow at
        // the optimum only when the problem is infeasible. Potentials stay within a few times
        // this bound.
        let (a1, o1) = (maxCost &+ 1).multipliedReportingOverflow(by: Int64(n + 1))
        let (a4, o2) = a1.multipliedReportingOverflow(by: 8)
        if o1 || o2 || maxCost == Int64.max { throw .arithmeticOverflow("max |cost| × (nodes + 1) × 8") }
        _ = a4
        let core = NetworkSimplexCore(
            nodeCount: n, tails: tails, heads: heads, residualCapacity: residualCap, costs: costs,
            supply: shiftedSupply, artificialCost: a1)
        defer { core.deallocate() }
        let pivots = core.run()
        if core.hasArtificialFlow() {
            var result = MinCostFlowResult(status: .infeasible, totalCost: 0, flow: [], potential: [], pivots: pivots)
            result.infeasibleCut = core.infeasibleCut(residualCapacity: residualCap)
            return result
        }
        var flow = ContiguousArray<Int64>(repeating: 0, count: m)
        var total = baseCost
        for a in 0..<m {
            let f = core.flow[a]
            flow[a] = f &+ lowers[a]
            let (fc, o3) = f.multipliedReportingOverflow(by: costs[a])
            let (t, o4) = total.addingReportingOverflow(fc)
            if o3 || o4 { throw .arithmeticOverflow("total cost") }
            total = t
        }
        var potential = ContiguousArray<Int64>(repeating: 0, count: n)
        for i in 0..<n { potential[i] = core.pi[i] &- core.pi[n] }
        return MinCostFlowResult(status: .optimal, totalCost: total, flow: flow, potential: potential, pivots: pivots)
    }
}

/// The working state of the network simplex: a spanning tree rooted at an extra node `n`, kept
/// as parent / predecessor arc / preorder thread / subtree size arrays.
///
/// Real arcs are `0..<m`, artificial arcs `m..<m+n` (one between each node and the root).
/// Buffers are raw so that the pivot loop runs on unsafe pointers without bounds checks.
struct NetworkSimplexCore {
    static let lowerState: Int8 = 1
    static let upperState: Int8 = -1
    static let up: Int8 = 1  // pred arc goes from node to parent
    static let down: Int8 = -1  // pred arc goes from parent to node

    let n: Int
    let m: Int
    let source: UnsafeMutablePointer<Int32>
    let target: UnsafeMutablePointer<Int32>
    let cost: UnsafeMutablePointer<Int64>
    let cap: UnsafeMutablePointer<Int64>
    let flow: UnsafeMutablePointer<Int64>
    let state: UnsafeMutablePointer<Int8>
    let pi: UnsafeMutablePointer<Int64>
    let parent: UnsafeMutablePointer<Int32>
    let pred: UnsafeMutablePointer<Int32>
    let predDir: UnsafeMutablePointer<Int8>
    let thread: UnsafeMutablePointer<Int32>
    let revThread: UnsafeMutablePointer<Int32>
    let succNum: UnsafeMutablePointer<Int32>
    let lastSucc: UnsafeMutablePointer<Int32>
    let stem: UnsafeMutablePointer<Int32>
    /// Arcs priced per block of the entering-arc search (`blockSize(arcs:negativeCostArcs:)`).
    let blockSize: Int
    let tailA: UnsafeMutablePointer<Int32>
    let headB: UnsafeMutablePointer<Int32>

    init(
        nodeCount: Int, tails: ContiguousArray<Int32>, heads: ContiguousArray<Int32>,
        residualCapacity: ContiguousArray<Int64>, costs: ContiguousArray<Int64>,
        supply: ContiguousArray<Int64>, artificialCost: Int64
    ) {
        n = nodeCount
        m = tails.count
        let arcs = m + n
        let nodes = n + 1
        source = .allocate(capacity: arcs)
        target = .allocate(capacity: arcs)
        cost = .allocate(capacity: arcs)
        cap = .allocate(capacity: arcs)
        flow = .allocate(capacity: arcs)
        state = .allocate(capacity: arcs)
        pi = .allocate(capacity: nodes)
        parent = .allocate(capacity: nodes)
        pred = .allocate(capacity: nodes)
        predDir = .allocate(capacity: nodes)
        thread = .allocate(capacity: nodes)
        revThread = .allocate(capacity: nodes)
        succNum = .allocate(capacity: nodes)
        lastSucc = .allocate(capacity: nodes)
        stem = .allocate(capacity: nodes)
        tailA = .allocate(capacity: nodes)
        headB = .allocate(capacity: nodes)
        var negative = 0
        for a in 0..<m {
            if costs[a] < 0 && residualCapacity[a] > 0 { negative += 1 }
            source[a] = tails[a]
            target[a] = heads[a]
            cost[a] = costs[a]
            cap[a] = residualCapacity[a]
            flow[a] = 0
            // Arcs that cannot carry flow never enter the basis: state 0 prices them at zero.
            state[a] = residualCapacity[a] == 0 ? 0 : Self.lowerState
        }
        blockSize = Self.blockSize(arcs: m, negativeCostArcs: negative)
        let root = Int32(n)
        pi[n] = 0
        parent[n] = -1
        pred[n] = -1
        predDir[n] = 0
        succNum[n] = Int32(nodes)
        lastSucc[n] = n == 0 ? root : Int32(n - 1)
        thread[n] = n == 0 ? root : 0
        revThread[n] = n == 0 ? root : Int32(n - 1)
        for u in 0..<n {
            let e = m + u
            parent[u] = root
            pred[u] = Int32(e)
            thread[u] = Int32(u + 1)
            revThread[u] = u == 0 ? root : Int32(u - 1)
            succNum[u] = 1
            lastSucc[u] = Int32(u)
            state[e] = 0
            cap[e] = Int64.max
            let s = supply[u]
            if s >= 0 {
                predDir[u] = Self.up
                source[e] = Int32(u)
                target[e] = root
                flow[e] = s
                cost[e] = 0
                pi[u] = 0
            } else {
                predDir[u] = Self.down
                source[e] = root
                target[e] = Int32(u)
                flow[e] = -s
                cost[e] = artificialCost
                pi[u] = artificialCost
            }
        }
    }

    func deallocate() {
        for p in [source, target, parent, pred, thread, revThread, succNum, lastSucc, stem, tailA, headB] {
            p.deallocate()
        }
        cost.deallocate()
        cap.deallocate()
        flow.deallocate()
        pi.deallocate()
        state.deallocate()
        predDir.deallocate()
    }

    /// The nodes reachable in the residual graph of real arcs from the sources whose artificial
    /// arc still carries flow. At a Big-M optimum no demand with artificial inflow is reachable
    /// (that path would close a negative cycle through the root), so every arc leaving the set
    /// is full, every arc entering it is empty, and its supply exceeds what can leave it.
    /// - Complexity: O(n + m).
    func infeasibleCut(residualCapacity: ContiguousArray<Int64>) -> ContiguousArray<Bool> {
        var outStart = ContiguousArray<Int>(repeating: 0, count: n + 1)
        var inStart = ContiguousArray<Int>(repeating: 0, count: n + 1)
        for a in 0..<m {
            outStart[Int(source[a]) + 1] += 1
            inStart[Int(target[a]) + 1] += 1
        }
        for v in 0..<n {
            outStart[v + 1] += outStart[v]
            inStart[v + 1] += inStart[v]
        }
        var outArcs = ContiguousArray<Int32>(repeating: 0, count: m)
        var inArcs = ContiguousArray<Int32>(repeating: 0, count: m)
        var outFill = outStart
        var inFill = inStart
        for a in 0..<m {
            let t = Int(source[a])
            let h = Int(target[a])
            outArcs[outFill[t]] = Int32(a)
            outFill[t] += 1
            inArcs[inFill[h]] = Int32(a)
            inFill[h] += 1
        }
        var inCut = ContiguousArray<Bool>(repeating: false, count: n)
        var stack: [Int] = []
        for u in 0..<n where Int(source[m + u]) == u && flow[m + u] > 0 {
            inCut[u] = true
            stack.append(u)
        }
        while let x = stack.popLast() {
            for i in outStart[x]..<outStart[x + 1] {
                let a = Int(outArcs[i])
                let h = Int(target[a])
                if !inCut[h] && flow[a] < residualCapacity[a] {
                    inCut[h] = true
                    stack.append(h)
                }
            }
            for i in inStart[x]..<inStart[x + 1] {
                let a = Int(inArcs[i])
                let t = Int(source[a])
                if !inCut[t] && flow[a] > 0 {
                    inCut[t] = true
                    stack.append(t)
                }
            }
        }
        return inCut
    }

    func hasArtificialFlow() -> Bool {
        for u in 0..<n where flow[m + u] != 0 { return true }
        return false
    }

    /// Arcs priced per block: 2√m when at most half the arcs that can carry flow have a negative
    /// cost, √m / 100 when more do (the plan's allocation networks, weights to maximise: every pivot
    /// is cheap and the pivot count hardly depends on the block, so pricing is the cost); at least
    /// 10, at most m. 2√m is a trade, measured on the seeded families (Guides/MinCostFlow.md,
    /// "Block size"): general graphs, sparse transportation, assignment and NETGEN-like networks
    /// need 5–15 × fewer pivots and get much faster, while grids and the non-negative
    /// transportation instance of the suites get slower (a grid of 10⁵ arcs 0.33 → 1.0 s, with more
    /// pivots, not fewer).
    static func blockSize(arcs m: Int, negativeCostArcs: Int) -> Int {
        let root = Double(m).squareRoot()
        let size = 2 * negativeCostArcs > m ? Int(root / 100) : Int(2 * root)
        return Swift.min(m, Swift.max(10, size))
    }

    /// Pivots until no real arc has a negative reduced cost; returns the number of pivots.
    func run() -> Int {
        let m = self.m
        if m == 0 { return 0 }
        let source = self.source
        let target = self.target
        let cost = self.cost
        let state = self.state
        let pi = self.pi
        var pivots = 0
        let blockSize = self.blockSize
        var nextArc = 0
        while true {
            // Block search: scan arcs cyclically from `nextArc`; after each block, stop if the
            // best violation so far is negative.
            var inArc = -1
            var best: Int64 = 0
            var count = blockSize
            var e = nextArc
            var scanned = 0
            while scanned < m {
                let c = Int64(state[e]) &* (cost[e] &+ pi[Int(source[e])] &- pi[Int(target[e])])
                if c < best {
                    best = c
                    inArc = e
                }
                e &+= 1
                if e == m { e = 0 }
                scanned &+= 1
                count &-= 1
                if count == 0 {
                    if inArc >= 0 { break }
                    count = blockSize
                }
            }
            if inArc < 0 { break }
            nextArc = e
            pivots += 1
            pivot(inArc)
        }
        return pivots
    }

    /// One simplex pivot on `inArc` (a nontree arc with negative reduced cost in its state).
    @inline(__always)
    func pivot(_ inArc: Int) {
        let m = self.m
        let source = self.source
        let target = self.target
        let cost = self.cost
        let cap = self.cap
        let flow = self.flow
        let state = self.state
        let pi = self.pi
        let parent = self.parent
        let pred = self.pred
        let predDir = self.predDir
        let thread = self.thread
        let revThread = self.revThread
        let succNum = self.succNum
        let stem = self.stem
        let tailA = self.tailA
        let headB = self.headB
        let lastSucc = self.lastSucc
        // Join: the apex of the cycle closed by the entering arc.
        let inSource = Int(source[inArc])
        let inTarget = Int(target[inArc])
        var u = inSource
        var v = inTarget
        while u != v {
            if succNum[u] < succNum[v] { u = Int(parent[u]) } else { v = Int(parent[v]) }
        }
        let join = u

        // Leaving arc: the last blocking arc along the cycle's orientation (keeps the tree
        // strongly feasible, so degenerate pivots cannot cycle).
        let inState = state[inArc]
        let first = inState == Self.lowerState ? inSource : inTarget
        let second = inState == Self.lowerState ? inTarget : inSource
        var delta = cap[inArc]
        var result = 0
        var uOut = -1
        u = first
        while u != join {
            let a = Int(pred[u])
            var d = flow[a]
            if predDir[u] == Self.down { d = cap[a] &- d }
            if d < delta {
                delta = d
                uOut = u
                result = 1
            }
            u = Int(parent[u])
        }
        u = second
        while u != join {
            let a = Int(pred[u])
            var d = flow[a]
            if predDir[u] == Self.up { d = cap[a] &- d }
            if d <= delta {
                delta = d
                uOut = u
                result = 2
            }
            u = Int(parent[u])
        }

        // Augment delta units around the cycle.
        if delta > 0 {
            let val = Int64(inState) &* delta
            flow[inArc] &+= val
            u = inSource
            while u != join {
                flow[Int(pred[u])] &-= Int64(predDir[u]) &* val
                u = Int(parent[u])
            }
            u = inTarget
            while u != join {
                flow[Int(pred[u])] &+= Int64(predDir[u]) &* val
                u = Int(parent[u])
            }
        }
        if result == 0 {
            // The entering arc is its own bottleneck: it just moves to its other bound.
            state[inArc] = -inState
            return
        }
        let uIn = result == 1 ? first : second
        let vIn = result == 1 ? second : first
        let leaving = Int(pred[uOut])
        if leaving < m { state[leaving] = flow[leaving] == 0 ? Self.lowerState : Self.upperState }
        state[inArc] = 0

        // Tree update. S = subtree of uOut is cut off and rehung from vIn, rerooted at uIn.
        // The stem uIn = s0, s1 = parent(s0), …, sk = uOut reverses. In the old preorder,
        // block(s_i) = s_i, A_i, block(s_{i-1}), B_i (A_i, B_i possibly empty) and ends at
        // L_i = lastSucc(s_i); the new preorder of S is block(s0), s1 A1 B1, …, sk Ak Bk, put
        // right after vIn: O(k) relinks. Only potentials need a walk, over S or over its
        // complement, whichever is smaller.
        let vOut = Int(parent[uOut])
        let sizeS = Int(succNum[uOut])
        let sigma: Int64 =
            uIn == inSource
            ? pi[vIn] &- cost[inArc] &- pi[uIn]
            : pi[vIn] &+ cost[inArc] &- pi[uIn]
        var k = 0
        stem[0] = Int32(uIn)
        u = uIn
        while u != uOut {
            u = Int(parent[u])
            k += 1
            stem[k] = Int32(u)
        }
        // Read the old links the relinking needs before changing any.
        let oldLast = Int(lastSucc[uOut])
        let before = Int(revThread[uOut])
        let after = Int(thread[oldLast])
        if k > 0 {
            for i in 1...k {
                tailA[i] = revThread[Int(stem[i - 1])]
                headB[i] = thread[Int(lastSucc[Int(stem[i - 1])])]
            }
        }
        thread[before] = Int32(after)
        revThread[after] = Int32(before)
        var tail = Int(lastSucc[uIn])
        if k > 0 {
            for i in 1...k {
                let s = stem[i]
                thread[tail] = s
                revThread[Int(s)] = Int32(tail)
                tail = Int(tailA[i])
                let lastI = lastSucc[Int(s)]
                if lastI != lastSucc[Int(stem[i - 1])] {
                    let h = headB[i]
                    thread[tail] = h
                    revThread[Int(h)] = Int32(tail)
                    tail = Int(lastI)
                }
            }
        }
        let next = thread[vIn]
        thread[vIn] = Int32(uIn)
        revThread[uIn] = Int32(vIn)
        thread[tail] = next
        revThread[Int(next)] = Int32(tail)
        // Last successors outside S (old values are tested before any is changed below join).
        u = vOut
        while u != join && Int(lastSucc[u]) == oldLast {  // S left the end of u's subtree
            lastSucc[u] = Int32(before)
            u = Int(parent[u])
        }
        u = vIn
        while u != join && Int(lastSucc[u]) == vIn {  // S now ends u's subtree
            lastSucc[u] = Int32(tail)
            u = Int(parent[u])
        }
        u = join
        if Int(lastSucc[join]) == oldLast {
            let value = Int32(vIn == before ? tail : before)
            while u >= 0 && Int(lastSucc[u]) == oldLast {
                lastSucc[u] = value
                u = Int(parent[u])
            }
        } else if Int(lastSucc[join]) == vIn {
            while u >= 0 && Int(lastSucc[u]) == vIn {
                lastSucc[u] = Int32(tail)
                u = Int(parent[u])
            }
        }
        // Reverse the stem; every stem node's subtree now ends at the new tail of S.
        var i = k
        while i > 0 {
            let s = Int(stem[i])
            let child = Int(stem[i - 1])
            parent[s] = Int32(child)
            pred[s] = pred[child]
            predDir[s] = -predDir[child]
            succNum[s] = Int32(sizeS) &- succNum[child]
            lastSucc[s] = Int32(tail)
            i -= 1
        }
        parent[uIn] = Int32(vIn)
        pred[uIn] = Int32(inArc)
        predDir[uIn] = uIn == inSource ? Self.up : Self.down
        succNum[uIn] = Int32(sizeS)
        lastSucc[uIn] = Int32(tail)
        // Subtree sizes on the two paths up to the join.
        u = vOut
        while u != join {
            succNum[u] &-= Int32(sizeS)
            u = Int(parent[u])
        }
        u = vIn
        while u != join {
            succNum[u] &+= Int32(sizeS)
            u = Int(parent[u])
        }
        // Potentials: S moves by σ. When S is most of the tree, move the complement by −σ
        // instead: only differences matter, wrapping arithmetic keeps them exact, and the
        // result is renormalised to the root at the end.
        if 2 * sizeS <= n + 1 {
            var x = uIn
            for _ in 0..<sizeS {
                pi[x] &+= sigma
                x = Int(thread[x])
            }
        } else {
            var x = Int(thread[tail])
            for _ in 0..<(n + 1 - sizeS) {
                pi[x] &-= sigma
                x = Int(thread[x])
            }
        }
        #if DEBUG
            if n <= 64 { checkTree() }
        #endif
    }
}

#if DEBUG
    extension NetworkSimplexCore {
        /// Verifies every tree invariant (debug builds, small trees): thread is a preorder of the
        /// parent tree, subtree sizes and last successors match, tree arcs join parent and child
        /// and have zero reduced cost.
        func checkTree() {
            let nodes = n + 1
            var seen = Array(repeating: false, count: nodes)
            var position = Array(repeating: -1, count: nodes)
            var x = n
            for p in 0..<nodes {
                precondition(!seen[x], "thread revisits \(x)")
                seen[x] = true
                position[x] = p
                precondition(Int(revThread[Int(thread[x])]) == x, "revThread broken at \(x)")
                x = Int(thread[x])
            }
            precondition(x == n, "thread is not a single cycle")
            for v in 0..<nodes {
                let size = Int(succNum[v])
                let last = Int(lastSucc[v])
                precondition(position[last] == position[v] + size - 1, "lastSucc/succNum of \(v)")
                if v != n {
                    let p = Int(parent[v])
                    precondition(position[p] < position[v] && position[v] <= position[Int(lastSucc[p])], "preorder at \(v)")
                    let a = Int(pred[v])
                    let (s, t) = predDir[v] == Self.up ? (v, p) : (p, v)
                    precondition(Int(source[a]) == s && Int(target[a]) == t, "pred arc of \(v)")
                    precondition(cost[a] &+ pi[s] &- pi[t] == 0, "tree arc \(a) has nonzero reduced cost")
                }
            }
            var count = Array(repeating: 1, count: nodes)
            for v in (0..<nodes).sorted(by: { position[$0] > position[$1] }) where v != n {
                count[Int(parent[v])] += count[v]
            }
            for v in 0..<nodes { precondition(count[v] == Int(succNum[v]), "succNum of \(v)") }
        }
    }
#endif
