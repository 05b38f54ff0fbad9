#pragma once
// Whether this test binary runs under AddressSanitizer. Its quarantine keeps freed memory
// resident (256 MB by default), so a peak-RSS bound then measures the sanitizer, not latbench.
// g++ says so with __SANITIZE_ADDRESS__, clang (the ASan build's compiler) through __has_feature.

namespace latbench::test {

constexpr bool built_with_address_sanitizer() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

}  // namespace latbench::test
