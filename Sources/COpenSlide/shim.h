// OpenSlide (Debian libopenslide-dev), read by Slide. pkg-config adds /usr/include/openslide to the search path.
#include <openslide.h>
