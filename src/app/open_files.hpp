#pragma once
// File descriptors: every connection holds one, and running out of them
// (EMFILE) stops natterd from accepting anyone, opening its database files or
// answering refusals. So natterd raises its own soft limit as far as the hard
// limit allows, and caps connections below it with a reserve for itself.

#include <cstddef>

namespace natter::app {

// Descriptors kept out of the connection cap: the database and its readers,
// Redis, logs, the metrics listener's connections (at most 16), the refusals
// being answered (at most 32), and the runtime's own.
inline constexpr std::size_t reserved_descriptors = 128;

// Raises the soft RLIMIT_NOFILE to the hard limit (bounded by what the kernel
// accepts) and returns the soft limit now in force.
std::size_t raise_open_files_limit();

// The total connection cap for a descriptor limit: `configured`, or when it
// is 0 the limit minus the reserve (half the limit when that is small).
// Throws std::runtime_error when configured plus the reserve exceeds the limit.
std::size_t connection_cap(std::size_t configured, std::size_t open_files_limit);

}  // namespace natter::app
