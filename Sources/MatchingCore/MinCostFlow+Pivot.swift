/// The pivot of `NetworkSimplexCore`: entering arc → join → leaving arc → flow change → tree and
/// potential update, one inlined step each (Guides/MinCostFlow.md, "Pivot" and "Tree update").
extension NetworkSimplexCore {
    /// One simplex pivot on `inArc` (a nontree arc with negative reduced cost in its state).
    @inline(__always)
    func pivot(_ inArc: Int) {
        let inSource = Int(source[inArc])
        let inTarget = Int(target[inArc])
        let join = findJoin(inSource, inTarget)
        let inState = state[inArc]
        let first = inState == Self.lowerState ? inSource : inTarget
        let second = inState == Self.lowerState ? inTarget : inSource
        let (delta, uOut, result) = findLeaving(inArc, first: first, second: second, join: join)
        if delta > 0 { augment(inArc, by: Int64(inState) &* delta, join: join) }
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
        // Potentials of S (the subtree of uOut, rehung under vIn) move by σ, read before the tree changes.
        let sigma: Int64 =
            uIn == inSource
            ? pi[vIn] &- cost[inArc] &- pi[uIn]
            : pi[vIn] &+ cost[inArc] &- pi[uIn]
        let sizeS = Int(succNum[uOut])
        let vOut = Int(parent[uOut])
        let k = collectStem(from: uIn, to: uOut)
        let (tail, before, oldLast) = relinkThread(stemLength: k, uIn: uIn, uOut: uOut, vIn: vIn)
        updateLastSuccessors(join: join, vOut: vOut, vIn: vIn, oldLast: oldLast, before: before, tail: tail)
        reverseStem(stemLength: k, sizeS: sizeS, tail: tail)
        parent[uIn] = Int32(vIn)
        pred[uIn] = Int32(inArc)
        predDir[uIn] = uIn == inSource ? Self.up : Self.down
        succNum[uIn] = Int32(sizeS)
        lastSucc[uIn] = Int32(tail)
        updateSubtreeSizes(join: join, vOut: vOut, vIn: vIn, sizeS: sizeS)
        shiftPotentials(uIn: uIn, sizeS: sizeS, tail: tail, sigma: sigma)
        #if DEBUG
            if n <= 64 { checkTree() }
        #endif
    }

    /// The apex of the cycle closed by an arc between `a` and `b`: climbs from both ends, always
    /// from the side with the smaller subtree.
    @inline(__always)
    func findJoin(_ a: Int, _ b: Int) -> Int {
        var u = a
        var v = b
        while u != v {
            if succNum[u] < succNum[v] { u = Int(parent[u]) } else { v = Int(parent[v]) }
        }
        return u
    }

    /// The leaving arc: the last blocking arc along the cycle's orientation (strict comparison
    /// from `first`, non-strict from `second`), which keeps the tree strongly feasible so that
    /// degenerate pivots cannot cycle. Returns the flow change δ, the node `uOut` whose tree arc
    /// leaves, and on which side it is (1: first, 2: second, 0: the entering arc itself).
    @inline(__always)
    func findLeaving(_ inArc: Int, first: Int, second: Int, join: Int) -> (delta: Int64, uOut: Int, result: Int) {
        var delta = cap[inArc]
        var result = 0
        var uOut = -1
        var u = first
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
        return (delta, uOut, result)
    }

    /// Sends `val` (δ signed by the entering arc's state) around the cycle of `inArc`.
    @inline(__always)
    func augment(_ inArc: Int, by val: Int64, join: Int) {
        flow[inArc] &+= val
        var u = Int(source[inArc])
        while u != join {
            flow[Int(pred[u])] &-= Int64(predDir[u]) &* val
            u = Int(parent[u])
        }
        u = Int(target[inArc])
        while u != join {
            flow[Int(pred[u])] &+= Int64(predDir[u]) &* val
            u = Int(parent[u])
        }
    }

    /// Writes the stem uIn = s0, s1 = parent(s0), …, sk = uOut into `stem`; returns k.
    @inline(__always)
    func collectStem(from uIn: Int, to uOut: Int) -> Int {
        var k = 0
        var u = uIn
        stem[0] = Int32(uIn)
        while u != uOut {
            u = Int(parent[u])
            k += 1
            stem[k] = Int32(u)
        }
        return k
    }

    /// Cuts S = subtree of uOut out of the thread and splices it back right after vIn, rerooted at
    /// uIn. In the old preorder block(s_i) = s_i, A_i, block(s_{i−1}), B_i (A_i, B_i possibly
    /// empty) ends at lastSucc(s_i); the new preorder of S is block(s0), s1 A1 B1, …, sk Ak Bk:
    /// O(k) relinks. Returns the new last node of S and the old neighbours the other updates need
    /// (the node before S and the old last node of S).
    @inline(__always)
    func relinkThread(stemLength k: Int, uIn: Int, uOut: Int, vIn: Int) -> (tail: Int, before: Int, oldLast: Int) {
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
        return (tail, before, oldLast)
    }

    /// Last successors outside S: on the path from vOut (S left the end of a subtree) and from vIn
    /// (S now ends a subtree) up to the join, and above the join while they point at the moved
    /// block. Old values are tested before any is changed below the join.
    @inline(__always)
    func updateLastSuccessors(join: Int, vOut: Int, vIn: Int, oldLast: Int, before: Int, tail: Int) {
        var u = vOut
        while u != join && Int(lastSucc[u]) == oldLast {
            lastSucc[u] = Int32(before)
            u = Int(parent[u])
        }
        u = vIn
        while u != join && Int(lastSucc[u]) == vIn {
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
    }

    /// Reverses the stem s1 … sk (each now hangs from the previous one); every stem node's subtree
    /// now ends at the new tail of S.
    @inline(__always)
    func reverseStem(stemLength k: Int, sizeS: Int, tail: Int) {
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
    }

    /// Subtree sizes on the two paths up to the join: S left vOut's side and joined vIn's.
    @inline(__always)
    func updateSubtreeSizes(join: Int, vOut: Int, vIn: Int, sizeS: Int) {
        var u = vOut
        while u != join {
            succNum[u] &-= Int32(sizeS)
            u = Int(parent[u])
        }
        u = vIn
        while u != join {
            succNum[u] &+= Int32(sizeS)
            u = Int(parent[u])
        }
    }

    /// S moves by σ. When S is most of the tree, the complement moves by −σ instead: only
    /// differences matter, wrapping arithmetic keeps them exact, and the result is renormalised
    /// to the root at the end. Either side is one run of the thread (S from uIn to tail, the
    /// complement from thread(tail) to revThread(uIn)).
    @inline(__always)
    func shiftPotentials(uIn: Int, sizeS: Int, tail: Int, sigma: Int64) {
        if 2 * sizeS <= n + 1 {
            shiftRun(first: uIn, last: tail, count: sizeS, by: sigma)
        } else {
            shiftRun(first: Int(thread[tail]), last: Int(revThread[uIn]), count: n + 1 - sizeS, by: 0 &- sigma)
        }
    }

    /// Adds `delta` to the potentials of the `count` nodes of the thread from `first` to `last`,
    /// walking from both ends at once: two independent chains of loads instead of one, which the
    /// processor overlaps (the walk is bound by the latency of `thread`, Guides/MinCostFlow.md).
    @inline(__always)
    func shiftRun(first: Int, last: Int, count: Int, by delta: Int64) {
        var x = first
        var y = last
        var left = count
        while left >= 2 {
            pi[x] &+= delta
            pi[y] &+= delta
            x = Int(thread[x])
            y = Int(revThread[y])
            left &-= 2
        }
        if left == 1 { pi[x] &+= delta }
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
