// api may include transport's HTTP message types, and nothing else of
// transport: only the second include is reported.
#include "transport/http_types.hpp"
#include "transport/server.hpp"
