# natter_warnings(target): the project's warning set; -Werror when NATTER_WERROR.
function(natter_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
  if(NATTER_UNITY AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC's heuristic for types of the main file used in headers: in a unity
    # unit every file is an include, so each coroutine of a .cpp would trip it.
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
  if(NATTER_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
