# SPDX-License-Identifier: MIT
# Helpers shared by every TierLab target: warnings, sanitizers, test registration.

# Applies the project's warning and sanitizer flags to one of our own targets.
function(tierlab_configure_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(TIERLAB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
    # GCC 12 at -O2/-O3 reports -Wrestrict inside std::string's operator+ and -Warray-bounds
    # in char_traits' memcpy of a std::string being moved (false positives in libstdc++'s
    # string code, e.g. https://gcc.gnu.org/bugzilla/show_bug.cgi?id=105329; with the
    # precompiled headers, -Wstringop-overflow in `"literal" + std::string&&` at -O3, the same
    # family): keep them visible, not fatal.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-error=restrict -Wno-error=array-bounds
                                               -Wno-error=stringop-overflow)
    endif()
  endif()
  # Debian's hardening flags (dpkg-buildflags) for optimized builds: fortified libc calls and
  # read-only relocations resolved at load (lintian's hardening-no-fortify-functions and
  # hardening-no-bindnow otherwise).
  if(CMAKE_BUILD_TYPE MATCHES "^(Release|RelWithDebInfo)$" AND NOT TIERLAB_SANITIZE)
    target_compile_definitions(${target} PRIVATE _FORTIFY_SOURCE=2)
    target_link_options(${target} PRIVATE -Wl,-z,relro -Wl,-z,now)
  endif()
  if(TIERLAB_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# Qt's `slots`, `signals` and `emit` are macros that would break core headers (a field named
# `slots`) included after Qt's in the precompiled header: tests write Q_SLOTS, as the GUI does.
function(tierlab_test_settings target)
  tierlab_configure_target(${target})
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS
    TIERLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}" TIERLAB_BINARY_DIR="${PROJECT_BINARY_DIR}")
endfunction()

# tierlab_add_test_pch(NAME name LIBS ... HEADERS ...)
# One precompiled header for the tests of a folder: Qt Test and nlohmann/json cost about 5 s
# to parse in each test's translation unit. It is built once, in a library of no code, and the
# folder's tests reuse it (REUSE_FROM needs the same flags, and Qt Test defines
# QT_TESTCASE_BUILDDIR per folder, so a folder is the unit).
function(tierlab_add_test_pch)
  cmake_parse_arguments(P "" "NAME" "LIBS;HEADERS" ${ARGN})
  add_library(${P_NAME} STATIC ${PROJECT_SOURCE_DIR}/tests/pch.cpp)
  tierlab_test_settings(${P_NAME})
  target_link_libraries(${P_NAME} PRIVATE Qt6::Test ${P_LIBS})
  target_precompile_headers(${P_NAME} PRIVATE ${P_HEADERS})
endfunction()

# tierlab_add_test(NAME name SOURCES ... LIBS ... [PCH target] [ENV ...])
# One Qt Test executable per unit, registered with CTest under its own name.
function(tierlab_add_test)
  cmake_parse_arguments(T "" "NAME;PCH" "SOURCES;LIBS;ENV" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  set_target_properties(${T_NAME} PROPERTIES AUTOMOC ON)
  tierlab_test_settings(${T_NAME})
  target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
  if(T_PCH)
    target_precompile_headers(${T_NAME} REUSE_FROM ${T_PCH})
  endif()
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;TIERLAB_REAL_DATA=${TIERLAB_REAL_DATA};${T_ENV}"
    TIMEOUT 300)
endfunction()
