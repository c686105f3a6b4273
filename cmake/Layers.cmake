# Layers (design.md §7), enforced by the build: each layer's library compiles
# against an include tree that holds only its own layer and the ones below
# (symbolic links into include/mstation/), so an upward include does not
# build. scripts/check-layers says the same in words, as a test.
set(MSTATION_LAYER_0 common)
set(MSTATION_LAYER_1 hhu sg186 store journal config tariff)
set(MSTATION_LAYER_2 txn saf recon keys audit)
set(MSTATION_LAYER_3 server admin web)
set(MSTATION_LAYER_4 cli)
# The simulators are the other side of the wire: common, the codecs, themselves.
set(MSTATION_LAYER_SIM common hhu sg186 sim)

# Creates ${CMAKE_BINARY_DIR}/layers/NAME/mstation/<area> → include/mstation/<area>
# for each area given, and sets OUT to the tree's root.
function(mstation_include_tree name out)
  set(root ${CMAKE_BINARY_DIR}/layers/${name})
  file(MAKE_DIRECTORY ${root}/mstation)
  foreach(area IN LISTS ARGN)
    if(EXISTS ${CMAKE_SOURCE_DIR}/include/mstation/${area} AND NOT EXISTS ${root}/mstation/${area})
      file(CREATE_LINK ${CMAKE_SOURCE_DIR}/include/mstation/${area} ${root}/mstation/${area} SYMBOLIC)
    endif()
  endforeach()
  set(${out} ${root} PARENT_SCOPE)
endfunction()

set(_areas "")
foreach(level 0 1 2 3 4)
  list(APPEND _areas ${MSTATION_LAYER_${level}})
  mstation_include_tree(${level} MSTATION_LAYER_INCLUDE_${level} ${_areas})
endforeach()
mstation_include_tree(sim MSTATION_LAYER_INCLUDE_SIM ${MSTATION_LAYER_SIM})

# The sources of the given areas.
function(mstation_layer_sources out)
  set(globs "")
  foreach(area IN LISTS ARGN)
    list(APPEND globs ${CMAKE_SOURCE_DIR}/src/${area}/*.cpp)
  endforeach()
  file(GLOB sources CONFIGURE_DEPENDS ${globs})
  set(${out} ${sources} PARENT_SCOPE)
endfunction()
