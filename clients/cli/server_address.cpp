#include "clients/cli/server_address.hpp"

namespace natter::cli {

namespace {

// The host of "host[:port][/path]" ("[v6]" with its brackets).
std::string host_of(const std::string& authority_and_path) {
  if (authority_and_path.starts_with("[")) return authority_and_path.substr(0, authority_and_path.find(']') + 1);
  return authority_and_path.substr(0, authority_and_path.find_first_of(":/"));
}

}  // namespace

std::string with_scheme(const std::string& server) {
  if (server.find("://") != std::string::npos) return server;
  const std::string host = host_of(server);
  const bool here = host == "localhost" || host == "127.0.0.1" || host == "[::1]";
  return (here ? "http://" : "https://") + server;
}

}  // namespace natter::cli
