# Project-wide compiler flags, applied per target so third-party code is untouched.
function(mstation_apply_flags target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wconversion -Wsign-conversion
    -Wimplicit-fallthrough)
  # g++ 12 reports false "may be used uninitialized" inside libstdc++
  # (std::regex, std::function) when instrumented; plain builds keep it.
  if(MSTATION_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  # g++ 12 reports Asio's awaitable frames (their own operator new/delete) as
  # mismatched allocation when optimising.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-mismatched-new-delete)
    # ... and std::vector<uint8_t> comparisons (memcmp) as over-reads at -O2.
    target_compile_options(${target} PRIVATE -Wno-stringop-overread)
    # ... and `"literal" + std::string` (inside libpqxx's quote()) as -Wrestrict (GCC bug 105329).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(MSTATION_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
