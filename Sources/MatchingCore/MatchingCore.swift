// MatchingCore: integer ids, sparse vectors, inverted index, top-k, min-cost flow, b-matching and
// deferred acceptance. It knows nothing of majors or colleges; Planner gives it meaning.
