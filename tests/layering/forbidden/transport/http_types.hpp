#pragma once
// Stands for transport/http_types.hpp, which api and realtime include: it
// must include nothing of the project, so this include is reported.
#include "api/http.hpp"
