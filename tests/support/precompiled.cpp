// The translation unit that carries the tests' precompiled header (see
// natter_test_pch in tests/CMakeLists.txt); it has no code of its own.
