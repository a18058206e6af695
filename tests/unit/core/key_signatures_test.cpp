// The signed bytes of the key directory and their checks; the worked example
// of docs/protocol.md ("End-to-end encryption: keys") is checked here.

#include "core/key_signatures.hpp"

#include <gtest/gtest.h>

namespace natter::core {
namespace {

constexpr const char* example_ed25519 = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg";
constexpr const char* example_curve25519 = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8";
constexpr const char* example_signature =
    "arlBdjgCaBdXoceuXJsdom6m/fhFqClOlKfbxH4dgg73+8QOz6uUNiEwOGepX4/pJhnbHK6R7s4yQLfN1oZ+Cw";

TEST(key_signatures, the_documented_example_verifies) {
  const auto bytes = device_signed_bytes(42, "phone", example_curve25519, example_ed25519);
  EXPECT_EQ(bytes, std::string("natter-device-v1\n42\nphone\n") + example_curve25519 + "\n" + example_ed25519);
  EXPECT_EQ(bytes.size(), 113U);
  EXPECT_TRUE(signature_verifies(example_ed25519, example_signature, bytes));
}

TEST(key_signatures, a_signature_over_other_data_does_not_verify) {
  EXPECT_FALSE(signature_verifies(example_ed25519, example_signature,
                                  device_signed_bytes(43, "phone", example_curve25519, example_ed25519)));
  EXPECT_FALSE(signature_verifies(example_ed25519, example_signature,
                                  device_signed_bytes(42, "tablet", example_curve25519, example_ed25519)));
  EXPECT_FALSE(signature_verifies(example_curve25519, example_signature,
                                  device_signed_bytes(42, "phone", example_curve25519, example_ed25519)));
}

TEST(key_signatures, malformed_keys_and_signatures_are_refused) {
  EXPECT_TRUE(is_public_key(example_ed25519));
  EXPECT_FALSE(is_public_key(std::string(example_ed25519) + "="));  // padded
  EXPECT_FALSE(is_public_key(std::string(example_ed25519).substr(1)));
  EXPECT_FALSE(is_public_key(std::string(43, '!')));
  EXPECT_TRUE(is_signature(example_signature));
  EXPECT_FALSE(is_signature(example_ed25519));
  EXPECT_FALSE(signature_verifies("x", example_signature, "m"));
  EXPECT_FALSE(signature_verifies(example_ed25519, "x", "m"));
}

TEST(key_signatures, key_names_are_1_to_32_safe_characters) {
  EXPECT_TRUE(is_key_name("a"));
  EXPECT_TRUE(is_key_name("AZaz09_-"));
  EXPECT_TRUE(is_key_name(std::string(32, 'x')));
  EXPECT_FALSE(is_key_name(""));
  EXPECT_FALSE(is_key_name(std::string(33, 'x')));
  EXPECT_FALSE(is_key_name("a b"));
  EXPECT_FALSE(is_key_name("a/b"));
}

TEST(key_signatures, a_device_list_is_its_version_and_one_line_per_device) {
  store::device_record a;
  a.device_id = "laptop";
  a.ed25519 = "L";
  store::device_record b;
  b.device_id = "phone";
  b.ed25519 = "P";
  const std::vector<store::device_record> devices{a, b};
  EXPECT_EQ(device_list_signed_bytes(7, 3, device_list_lines(devices)), "natter-devices-v1\n7\n3\nlaptop L\nphone P\n");
  EXPECT_EQ(device_list_signed_bytes(7, 4, ""), "natter-devices-v1\n7\n4\n");
  EXPECT_EQ(key_signed_bytes(7, "phone", "k1", "C"), "natter-otk-v1\n7\nphone\nk1\nC");
  EXPECT_EQ(signing_key_signed_bytes(7, "S"), "natter-ssk-v1\n7\nS");
}

}  // namespace
}  // namespace natter::core
