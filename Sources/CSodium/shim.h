// libsodium, seen only by SkywireCrypto.
#include <sodium.h>
