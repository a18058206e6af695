#pragma once
// The store backend --db names, for natterd and natterd admin alike.

#include <memory>

#include "app/config.hpp"
#include "store/database.hpp"

namespace natter::app {

// sqlite:PATH (default sqlite:<data-dir>/natter.db) or postgres://... Anything
// else throws std::runtime_error: no silent fallback to another database.
std::unique_ptr<store::backend> backend_for(const config& cfg);

}  // namespace natter::app
