// Planner: vectorize, score, allocate, advise, pair — the domain policy over MatchingCore.
