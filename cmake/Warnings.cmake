# Warnings are part of the build: clean under -Wall -Wextra -Wpedantic.
add_library(latbench_warnings INTERFACE)
target_compile_options(latbench_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align)
option(LATBENCH_WERROR "Treat warnings as errors" OFF)
if(LATBENCH_WERROR)
  target_compile_options(latbench_warnings INTERFACE -Werror)
endif()
