// Stands for core/accounts.cpp, which may read credentials: nothing here is
// reported.
#include "store/store.hpp"

natter::store::user_credentials credentials(natter::store::store& s, natter::store::user_id id) {
  return *s.credentials_of(id);
}
