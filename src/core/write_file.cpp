#include "core/write_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace latbench {
namespace {

Result<std::size_t> write_with_mode(const std::filesystem::path& path, std::string_view text, const char* mode) {
  auto fail = [&path](int error) {
    return input_error(fmt::format("{}: cannot write: {}", path.string(), std::strerror(error)));
  };
  std::FILE* file = std::fopen(path.c_str(), mode);
  if (!file) return fail(errno);
  const std::size_t written = std::fwrite(text.data(), 1, text.size(), file);
  int error = written == text.size() ? 0 : errno;
  if (std::fflush(file) != 0 && error == 0) error = errno;
  if (std::fclose(file) != 0 && error == 0) error = errno;
  if (error != 0) return fail(error);
  return written;
}

}  // namespace

Result<std::size_t> write_whole_file(const std::filesystem::path& path, std::string_view text) {
  return write_with_mode(path, text, "wb");
}

Result<std::size_t> append_to_file(const std::filesystem::path& path, std::string_view text) {
  return write_with_mode(path, text, "ab");
}

}  // namespace latbench
