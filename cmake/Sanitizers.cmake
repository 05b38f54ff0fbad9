# -DLATBENCH_SANITIZE=ON builds everything (engine, CLI, tests) with ASan + UBSan.
option(LATBENCH_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(LATBENCH_SANITIZE)
  # -g1 after the Debug build's -g: the sanitizers' reports need file and line, not gdb's
  # variables, and line tables compile a quarter faster (./dev test builds this variant cold).
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g1)
  add_link_options(-fsanitize=address,undefined)
endif()
