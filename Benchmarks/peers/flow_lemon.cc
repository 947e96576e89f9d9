// LEMON's NetworkSimplex (default block-search pivot) on a DIMACS min-cost flow file: the optional
// third peer of the flow families in Benchmarks/compare. LEMON itself is not part of the project:
// build this against a local copy of LEMON's headers (see Guides/Benchmarks.md, "LEMON"):
//   g++ -O3 -DNDEBUG -I LEMON_DIR -o flow_lemon flow_lemon.cc
// usage: flow_lemon FILE [--runs N]  -> one JSON line per run; the time covers solving only
// (the graph is read and built once, before timing, as the other peers do).
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>

using namespace lemon;

static double cpuSeconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: flow_lemon FILE [--runs N]\n"); return 2; }
    int runs = 1;
    for (int i = 2; i + 1 < argc; ++i) if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
    typedef long long V;
    SmartDigraph g;
    SmartDigraph::ArcMap<V> lower(g), cap(g), cost(g);
    SmartDigraph::NodeMap<V> supply(g);
    std::ifstream in(argv[1]);
    readDimacsMin(in, g, lower, cap, cost, supply);
    V total = 0;
    for (SmartDigraph::NodeIt v(g); v != INVALID; ++v) total += supply[v];
    const bool balanced = total == 0;
    for (int r = 0; r < runs; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        double c0 = cpuSeconds();
        NetworkSimplex<SmartDigraph, V, V> ns(g);
        ns.lowerMap(lower).upperMap(cap).costMap(cost).supplyMap(supply);
        // LEMON 1.3 has no EQ supply type: with supplies summing to zero its default (GEQ) is
        // equality; otherwise the problem is infeasible for chanjiao, which has equality supplies
        // only, so it is reported so here too (GEQ would accept unmet demand).
        auto status = balanced ? ns.run() : NetworkSimplex<SmartDigraph, V, V>::INFEASIBLE;
        double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        double cpu = cpuSeconds() - c0;
        if (status == NetworkSimplex<SmartDigraph, V, V>::OPTIMAL)
            std::printf("{\"seconds\": %.6f, \"cpu\": %.6f, \"optimal\": 1, \"cost\": %lld}\n", wall, cpu,
                        (long long)ns.totalCost());
        else
            std::printf("{\"seconds\": %.6f, \"cpu\": %.6f, \"optimal\": 0, \"cost\": null}\n", wall, cpu);
        std::fflush(stdout);
    }
    return 0;
}
