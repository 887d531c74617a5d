// PAPI 7 as a Swift module. The macros below are built from other macros or casts, which Swift does not
// import (../shared/reference/swift-ecosystem.md §1), so the shim re-exports them as constants.
#include <papi.h>

static const int CPAPI_VER_CURRENT = PAPI_VER_CURRENT;
static const int CPAPI_DOM_ALL = PAPI_DOM_ALL;
