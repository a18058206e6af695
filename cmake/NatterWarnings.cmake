# natter_warnings(target): the project's warning set; -Werror when NATTER_WERROR.
function(natter_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
  if(NATTER_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
