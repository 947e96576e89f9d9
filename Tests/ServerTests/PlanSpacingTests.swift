import Foundation
import Testing

@testable import Server

/// The spacing between re-plans under sustained load is set by what a plan costs in CPU, not by how
/// long other processes kept its thread (at nice 10) off the CPU.
@Suite("Re-plan spacing")
struct PlanSpacingTests {
    @Test("a plan's cost is its wall time, capped by its thread's CPU time × the planner's threads")
    func cost() {
        #expect(PlanService.cost(wall: .seconds(60), threadCPU: .seconds(10), threads: 1) == .seconds(10))
        #expect(PlanService.cost(wall: .seconds(60), threadCPU: .seconds(10), threads: 2) == .seconds(20))
        #expect(PlanService.cost(wall: .seconds(3), threadCPU: .seconds(10), threads: 1) == .seconds(3))
        #expect(PlanService.cost(wall: .seconds(60), threadCPU: nil, threads: 1) == .seconds(60))
    }

    @Test("offload reports the CPU time its thread used: little for a sleep, all of a spin's CPU time")
    func offloadMeasuresCPU() async throws {
        let (_, slept) = try await PlanService.offload { Thread.sleep(forTimeInterval: 0.4) }
        #expect(slept < .milliseconds(100), "a 0.4 s sleep used \(slept) of CPU")

        // Spins until the thread itself has used 50 ms of CPU (at nice 10 on a busy machine that can
        // take many times as long in wall time): offload must report at least that much.
        let clock = ContinuousClock()
        let started = clock.now
        let (spins, busy) = try await PlanService.offload {
            let start = PlanService.threadCPUTime()
            var n = 0
            while PlanService.threadCPUTime() - start < .milliseconds(50) { n &+= 1 }
            return n
        }
        #expect(spins > 0)
        #expect(busy >= .milliseconds(50), "a 50 ms spin reported \(busy) of CPU")
        #expect(busy <= clock.now - started, "more CPU than wall time on one thread: \(busy)")
    }
}
