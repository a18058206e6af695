// A file that breaks the layer rules on purpose: scripts/check_layers.py must
// report both includes (test layering_catches_forbidden_includes).
#include <boost/beast/http.hpp>

#include "api/http.hpp"
