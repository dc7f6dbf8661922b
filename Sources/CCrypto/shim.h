// OpenSSL's libcrypto (Debian libssl-dev): SHA-256 of repository files and vocabularies.
#include <openssl/sha.h>
