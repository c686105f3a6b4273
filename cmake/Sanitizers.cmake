# -DMSTATION_SANITIZE=address,undefined or =thread; applies to every target.
if(MSTATION_SANITIZE)
  if(MSTATION_SANITIZE MATCHES "thread" AND MSTATION_SANITIZE MATCHES "address")
    message(FATAL_ERROR "MSTATION_SANITIZE: thread cannot be combined with address")
  endif()
  add_compile_options(-fsanitize=${MSTATION_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${MSTATION_SANITIZE})
endif()

# g++ 12 reports false "may be used uninitialized" / null-dereference warnings
# inside libstdc++ (std::regex, std::function) when instrumented; the plain
# build keeps both warnings as errors.
if(MSTATION_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  add_compile_options(-Wno-maybe-uninitialized -Wno-null-dereference)
endif()
