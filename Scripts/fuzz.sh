#!/usr/bin/env bash
# Builds and runs a libFuzzer target for a given time over a corpus.
#
#   Scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]      TARGET: xml | dimacs
#   Scripts/fuzz.sh TARGET build                           only build Fuzz/.build/TARGET
#   Scripts/fuzz.sh TARGET repro FILE…                     run the target once on each FILE
#
# The target is compiled with `swiftc -sanitize=fuzzer,address` from the module's own sources
# (Sources/Catalog or Sources/MatchingCore) plus Fuzz/<Target>/*.swift; the modules they import
# (Parallel, and for MatchingCore swift-algorithms and swift-collections' Heap) come from a debug
# `swift build --target MODULE` and are linked uninstrumented. The working corpus grows in Fuzz/.build/corpus/TARGET (kept between runs, not in git);
# it is seeded from the committed seeds and regression fixtures. Crashes, timeouts, leaks and
# out-of-memory inputs land in Fuzz/.build/artifacts/TARGET/; copy each into
# Tests/CatalogTests/Fixtures/regressions/ (xml) or Fuzz/DIMACSFlow/regressions/ (and into
# Tests/MatchingCoreTests/DIMACSFuzzRegressionTests.swift) with a test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1; shift
mode=$1; shift

case "$target" in
  xml)
    module=Catalog
    sources=(Sources/Catalog/*.swift Fuzz/XMLIngest/*.swift)
    deps=(Parallel)
    flags=(-I Sources/CLibXML2 $(pkg-config --cflags libxml-2.0 | sed 's/-I/-Xcc -I/g') $(pkg-config --libs libxml-2.0))
    seeds=(Tests/CatalogTests/Fixtures/valid Tests/CatalogTests/Fixtures/malformed Catalogs/chongqing Catalogs/policy
           Tests/CatalogTests/Fixtures/regressions)
    maxlen=65536
    ;;
  dimacs)
    module=MatchingCore
    sources=(Sources/MatchingCore/*.swift Fuzz/DIMACSFlow/*.swift)
    deps=(Parallel Algorithms HeapModule RealModule InternalCollectionsUtilities _NumericsShims)
    flags=(-Xcc -fmodule-map-file=.build/checkouts/swift-numerics/Sources/_NumericsShims/include/module.modulemap)
    seeds=(Fuzz/DIMACSFlow/seeds Fuzz/DIMACSFlow/regressions)
    maxlen=4096
    ;;
  *) usage ;;
esac

out=Fuzz/.build
bin=$out/$target
mkdir -p "$out/corpus/$target" "$out/artifacts/$target"

# Rebuild when any source is newer than the binary.
stale=0
[ -x "$bin" ] || stale=1
for s in "${sources[@]}"; do [ "$s" -nt "$bin" ] && stale=1; done
if [ $stale = 1 ]; then
  echo "building $bin" >&2
  swift build --target "$module" >&2
  debug=$(swift build --show-bin-path)
  objects=()
  for d in "${deps[@]}"; do
    for o in "$debug/$d.build"/*.o; do [[ "$o" == *.swiftmodule.o ]] || objects+=("$o"); done
  done
  swiftc -sanitize=fuzzer,address -parse-as-library -O -g -use-ld=lld -swift-version 6 \
    -enable-upcoming-feature InternalImportsByDefault -module-name "$module" -I "$debug/Modules" \
    "${flags[@]}" "${sources[@]}" "${objects[@]}" -o "$bin"
fi

existing=()
for s in "${seeds[@]}"; do [ -d "$s" ] && existing+=("$s"); done

export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
case "$mode" in
  build) exit 0 ;;
  repro)
    exec "$bin" -runs=1 -timeout=30 -rss_limit_mb=2048 "$@"
    ;;
  *)
    [[ "$mode" =~ ^[0-9]+$ ]] || usage
    # XML seeds only: the fixtures folders also hold JSON and README files.
    if [ "$target" = xml ]; then
      seeddir=$out/seeds/xml
      rm -rf "$seeddir"; mkdir -p "$seeddir"
      find "${existing[@]}" -type f -name '*.xml' -exec cp -t "$seeddir" {} + 2>/dev/null || true
      existing=("$seeddir")
    fi
    exec "$bin" -max_total_time="$mode" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
      -max_len=$maxlen -print_final_stats=1 -artifact_prefix="$root/$out/artifacts/$target/" \
      "$@" "$out/corpus/$target" "${existing[@]}"
    ;;
esac
