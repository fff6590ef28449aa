/* Included first in every file clang-tidy analyses (scripts/hardening passes it with
 * -include), never in a build. The static analyzer reads one file at a time, so it
 * cannot see that xd_error() returns the status it is given, and it then follows
 * "error reported, XD_OK returned" paths that do not exist into false reports of
 * garbage values and null pointers. This says it in a form the analyzer reads.
 * diag.c defines the function as int(xd_error)(...), which the macro leaves alone. */
#ifndef XD_ANALYZER_MODEL_H
#define XD_ANALYZER_MODEL_H
#include "diag.h"
#define xd_error(d, status, ...) (xd_error((d), (status), __VA_ARGS__), (status))
#endif
