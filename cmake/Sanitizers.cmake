# -DMSTATION_SANITIZE=address,undefined or =thread; applies to every target.
if(MSTATION_SANITIZE)
  if(MSTATION_SANITIZE MATCHES "thread" AND MSTATION_SANITIZE MATCHES "address")
    message(FATAL_ERROR "MSTATION_SANITIZE: thread cannot be combined with address")
  endif()
  add_compile_options(-fsanitize=${MSTATION_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${MSTATION_SANITIZE})
endif()

