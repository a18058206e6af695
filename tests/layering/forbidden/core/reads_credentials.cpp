// A file outside core/accounts* that reads a user's password hash on purpose:
// scripts/check_layers.py must report both names (test
// layering_catches_forbidden_includes).
#include "store/store.hpp"

std::string hash_of(natter::store::store& s, natter::store::user_id id) {
  return s.credentials_of(id)->password_hash;
}
