/*
** fuzz.c: the libFuzzer entry point of one fuzz target (tests/fuzz_targets.h), chosen
** when compiling: -DFUZZ_TARGET=fuzz_rules. `make fuzz` builds one binary per target.
*/
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return FUZZ_TARGET(data, size);
}
