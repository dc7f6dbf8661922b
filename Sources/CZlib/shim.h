// zlib (Debian zlib1g-dev): CRC-32 checksums of the index's rows.
#include <zlib.h>
