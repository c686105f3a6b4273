# Files built into the binary as raw string literals (migrations, the
# console's assets): the entries {"name", R"DELIM(text)DELIM"}, one a line,
# and a generated file written only when its content changed, so an
# unchanged file does not rebuild what includes it.

# Sets OUT to the entries of the files given, each with `delimiter`.
function(mstation_embedded_entries out delimiter)
  set(body "")
  foreach(path IN LISTS ARGN)
    get_filename_component(name ${path} NAME)
    file(READ ${path} text)
    string(FIND "${text}" ")${delimiter}\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "${name} contains the raw-string delimiter")
    endif()
    string(APPEND body "    {\"${name}\", R\"${delimiter}(${text})${delimiter}\"},\n")
  endforeach()
  set(${out} "${body}" PARENT_SCOPE)
endfunction()

function(mstation_write_if_changed out_file content)
  if(EXISTS ${out_file})
    file(READ ${out_file} old)
  endif()
  if(NOT "${old}" STREQUAL "${content}")
    file(WRITE ${out_file} "${content}")
  endif()
endfunction()
