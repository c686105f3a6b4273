# -DMSTATION_SANITIZE=address,undefined or =thread; applies to every target.
if(MSTATION_SANITIZE)
  if(MSTATION_SANITIZE MATCHES "thread" AND MSTATION_SANITIZE MATCHES "address")
    message(FATAL_ERROR "MSTATION_SANITIZE: thread cannot be combined with address")
  endif()
  add_compile_options(-fsanitize=${MSTATION_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${MSTATION_SANITIZE})
  if(MSTATION_SANITIZE MATCHES "thread")
    # ThreadSanitizer does not model std::atomic_thread_fence, which Asio's
    # fenced blocks use around handlers: their ordering would be invisible to
    # it. Handlers are already ordered by the scheduler's mutex, which it
    # sees, so this build uses Asio's null fenced block; g++ would otherwise
    # refuse the remaining fences under -Werror (-Wtsan).
    add_compile_definitions(BOOST_ASIO_DISABLE_FENCED_BLOCK)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      add_compile_options(-Wno-tsan)
    endif()
  endif()
endif()


# Fuzzing: coverage instrumentation in every target, libFuzzer's main only in
# the fuzz targets (tests/CMakeLists.txt).
if(MSTATION_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MSTATION_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
