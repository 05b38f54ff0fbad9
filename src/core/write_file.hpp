#pragma once
// Writes a whole file and says why it could not: a full disk shows at fwrite or fclose, not at
// open, and a std::ofstream checked before its destructor ran never sees it. Every report, export
// and run-folder file goes through here, so they all fail with the same words.
#include <cstddef>
#include <filesystem>
#include <string_view>

#include "core/error.hpp"

namespace latbench {

// Creates or truncates `path` and writes `text`. The bytes written, or an input Error
// "<path>: cannot write: <the system's reason>" (e.g. "No space left on device").
Result<std::size_t> write_whole_file(const std::filesystem::path& path, std::string_view text);

// The same, but adds `text` at the end of `path` (created when missing): for files other steps
// write too, such as $GITHUB_STEP_SUMMARY. Fails with the same wording.
Result<std::size_t> append_to_file(const std::filesystem::path& path, std::string_view text);

}  // namespace latbench
