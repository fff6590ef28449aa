/* libFuzzer entry point; the build compiles this file once per target, with
 * XD_FUZZ_TARGET naming it (csv, annual, sources, aggregates, transfers, meta, check,
 * quote, numbers). The work is in harness.c, which the regression test replays. */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

#ifndef XD_FUZZ_TARGET
#error "XD_FUZZ_TARGET must name the target"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (xd_fuzz_run(XD_FUZZ_TARGET, data, size) != 0)
        abort();
    return 0;
}
