# Every dependency comes from Debian's packages (see ./dev deps); nothing is fetched.
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS iostreams)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
# JSON lines in analyze (Debian's libsimdjson-dev ships a CMake package config).
find_package(simdjson 3.0 CONFIG REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(TURBOJPEG REQUIRED IMPORTED_TARGET libturbojpeg)
# WebSocket frames: msgpack framing and answers (Debian's libmsgpack-cxx-dev, header-only), and
# wss:// through Asio's SSL stream (OpenSSL, already here for libcurl's https).
find_package(msgpack 4.1 CONFIG REQUIRED)  # the package is "msgpack", its target msgpackc-cxx
find_package(OpenSSL REQUIRED)

add_library(latbench_deps INTERFACE)
target_link_libraries(latbench_deps INTERFACE Threads::Threads CURL::libcurl Boost::headers
  Boost::iostreams fmt::fmt yaml-cpp nlohmann_json::nlohmann_json simdjson::simdjson ZLIB::ZLIB PkgConfig::RE2
  PkgConfig::TURBOJPEG msgpackc-cxx OpenSSL::SSL OpenSSL::Crypto)
# Beast/Asio: header-only here; keep them inside the few .cpp files that need them.
target_compile_definitions(latbench_deps INTERFACE BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
