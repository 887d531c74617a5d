// hwloc 2.x as a Swift module (its types, enums and static inline helpers import directly).
#include <hwloc.h>
