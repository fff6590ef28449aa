# Lists the suites of one Criterion binary (its --list) and writes a CTest file
# with one ctest test per suite, or per test for the suites named in SPLIT (the
# slow ones), so that ctest runs them in parallel, each under its own timeout,
# and reports the time of each. Run after each build of the binary (see
# CMakeLists.txt):
#
#   cmake -D BINARY=path -D NAME=test_x -D OUT=file [-D SPLIT=suite,suite] -P criterion-tests.cmake
#
# The timeout is left to the file that includes OUT (xd_test_timeout), so that
# changing it needs no rebuild.

cmake_minimum_required(VERSION 3.25)

foreach(var BINARY NAME OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "criterion-tests.cmake: ${var} is not set")
  endif()
endforeach()

# plain ASCII tree; a sanitized binary must not fail on a leak of the test runner here
set(ENV{LANG} C)
set(ENV{LC_ALL} C)
set(ENV{ASAN_OPTIONS} detect_leaks=0)
execute_process(COMMAND "${BINARY}" --list
  OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BINARY} --list failed (${rc}): ${errors}")
endif()

string(REPLACE "," ";" split "${SPLIT}")
set(body "")
set(count 0)
macro(add_one ctest_name filter)
  string(APPEND body
    "add_test([=[${ctest_name}]=] [=[${BINARY}]=] --jobs 1 --filter [=[${filter}]=])\n"
    "set_tests_properties([=[${ctest_name}]=] PROPERTIES TIMEOUT \${xd_test_timeout} LABELS ${NAME})\n")
  math(EXPR count "${count} + 1")
endmacro()

# "suite: N tests" heads each suite; each of its tests follows on a line
# drawn as a tree ("|-- name", or with box-drawing characters).
string(REPLACE "\n" ";" lines "${listing}")
set(suite "")
set(found "")
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Za-z0-9_]+): [0-9]+ tests?$")
    set(suite "${CMAKE_MATCH_1}")
    if(NOT suite IN_LIST split)
      add_one("${NAME}/${suite}" "${suite}/*")
    else()
      list(APPEND found "${suite}")
    endif()
  elseif(line MATCHES "([A-Za-z0-9_]+)$" AND suite IN_LIST split)
    add_one("${NAME}/${suite}/${CMAKE_MATCH_1}" "${suite}/${CMAKE_MATCH_1}")
  endif()
endforeach()
foreach(s IN LISTS split)
  if(NOT s IN_LIST found)
    message(FATAL_ERROR "${BINARY} has no suite ${s} (named in XD_SPLIT_SUITES)")
  endif()
endforeach()
if(count EQUAL 0)
  message(FATAL_ERROR "${BINARY} --list shows no test:\n${listing}")
endif()

# written only when it changes, so an unchanged list leaves ctest's file alone
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL body)
  file(WRITE "${OUT}" "${body}")
endif()
