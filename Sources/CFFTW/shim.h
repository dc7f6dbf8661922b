// FFTW 3 in single precision (Debian libfftw3-dev): the transforms of the dense stage's template correlation.
#include <fftw3.h>
