#pragma once
// Runs a store operation so that libpqxx's own exceptions (a value that does
// not convert, a misused result) leave it as store::failure, as store.hpp
// promises. Errors of the server already arrive as the store's exceptions
// (connection.hpp). Internal to the backend.

#include <pqxx/except>

#include <string>
#include <utility>

#include "store/store.hpp"

namespace natter::store::postgres {

template <class Fn>
auto guarded(const char* operation, Fn&& fn) -> decltype(fn()) {
  try {
    return std::forward<Fn>(fn)();
  } catch (const pqxx::pqxx_exception& e) {
    throw failure(std::string("postgres ") + operation + ": " + e.base().what());
  }
}

}  // namespace natter::store::postgres
