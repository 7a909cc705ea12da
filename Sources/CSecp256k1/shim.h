// libsecp256k1 with the modules the agent uses, seen only by SkywireCrypto.
#include <secp256k1.h>
#include <secp256k1_ecdh.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
