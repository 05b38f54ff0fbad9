# Precompiled headers: the standard library and fmt headers that most files include, parsed once
# per target instead of once per file. Measured on the 2-core machine (g++ -O2 -g1, one file at a
# time, wall seconds): app/profile_rounds.cpp 5.75 -> 4.06, samples/json.cpp 4.70 -> 2.92,
# logs/access_log.cpp 4.23 -> 3.19, stats/summary.cpp 1.87 -> 1.30. Only system headers go in:
# a project header here would rebuild every file when it changes, and a heavy header few files
# use (nlohmann/json, 30 of 185 engine files) made the rest slower to load it (stats/holm.cpp
# 0.83 -> 1.66 s). Every file still names what it uses; a build with
# -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON compiles each file on its own includes only.
set(LATBENCH_PCH_HEADERS
  <algorithm> <array> <chrono> <cstdint> <cstring> <filesystem> <functional> <map> <memory>
  <optional> <span> <sstream> <string> <string_view> <unordered_map> <utility> <variant>
  <vector> <fmt/format.h>)

# latbench_precompile(TARGET [HEADER...]): the common headers, plus those given, for TARGET.
# Each target gets its own: a precompiled header is only usable with the flags it was made with,
# and the engine, the CLI and the tests compile with different ones.
function(latbench_precompile target)
  target_precompile_headers(${target} PRIVATE ${LATBENCH_PCH_HEADERS} ${ARGN})
endfunction()
