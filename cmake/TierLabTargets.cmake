# SPDX-License-Identifier: MIT
# Helpers shared by every TierLab target: warnings, sanitizers, test registration.

# Applies the project's warning and sanitizer flags to one of our own targets.
function(tierlab_configure_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(TIERLAB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
    # GCC 12 at -O2/-O3 reports -Wrestrict inside std::string's operator+ and -Warray-bounds
    # in char_traits' memcpy of a std::string being moved (false positives in libstdc++'s
    # string code, e.g. https://gcc.gnu.org/bugzilla/show_bug.cgi?id=105329): keep them
    # visible, not fatal.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-error=restrict -Wno-error=array-bounds)
    endif()
  endif()
  if(TIERLAB_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# tierlab_add_test(NAME name SOURCES ... LIBS ... [ENV ...])
# One Qt Test executable per unit, registered with CTest under its own name.
function(tierlab_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;ENV" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  set_target_properties(${T_NAME} PROPERTIES AUTOMOC ON)
  tierlab_configure_target(${T_NAME})
  target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
  target_compile_definitions(${T_NAME} PRIVATE
    TIERLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}" TIERLAB_BINARY_DIR="${PROJECT_BINARY_DIR}")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen;${T_ENV}"
                                            TIMEOUT 300)
endfunction()
