#pragma once
// Stands for the real api/http.hpp in the layering test's tree.
