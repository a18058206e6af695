#pragma once
// What `--server` may be given as: a URL (http://, https://), or a host with
// an optional port and path and no scheme, which means https:// unless the
// host is this machine (localhost, 127.0.0.1, [::1]), where it means
// http:// (a natterd run by hand listens without TLS).

#include <string>

namespace natter::cli {

std::string with_scheme(const std::string& server);

}  // namespace natter::cli
