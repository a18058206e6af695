// What a client's e2ee reads from the server (client/e2ee/device.hpp): an
// envelope, and inside a ciphertext that decrypts, a plaintext. The first
// byte picks what the rest is:
//   even: an envelope (JSON), opened by device::decrypt and group_decrypt;
//   odd:  a plaintext ("ED" and "BOB" standing for the two devices' keys),
//         encrypted over a real Olm session from a device the receiver
//         knows, so that the receiver's checks of what a plaintext names
//         (sender, recipient, group keys) read arbitrary bytes.
// Properties: no crash or sanitizer report; nothing opens as a message unless
// it names this sender and recipient; a group key is stored only for the
// conversation it names.

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "client/e2ee/device.hpp"
#include "client/e2ee/olm_objects.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace natter::client::e2ee;
using natter::fuzz::check;
namespace json = boost::json;

struct world {
  olm_account alice_account;  // the sender, raw: its plaintexts are the input
  peer alice;
  device bob{2, "bob"};
  std::optional<olm_session> to_bob;

  world() {
    const auto ids = json::parse(alice_account.identity_json()).as_object();
    alice = peer{1, "alice", std::string(ids.at("curve25519").as_string()), std::string(ids.at("ed25519").as_string())};
    const auto up = bob.upload(1);
    bob.published();
    to_bob.emplace(olm_session::outbound(alice_account, bob.self().curve25519, up.one_time_keys.at(0).curve25519));
  }
};

world& the_world() {
  static world w;
  return w;
}

void open_envelope(world& w, std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return;
  const auto& e = v.as_object();
  auto d = w.bob.decrypt(e, w.alice);
  check(d.value.has_value() != d.error.has_value(), "a decryption is a value or a reason, not both");
  auto g = w.bob.group_decrypt(7, 1, e, w.alice);
  check(g.value.has_value() != g.error.has_value(), "a group decryption is a value or a reason, not both");
}

// The seeds write "ED" and "BOB" for the two devices' Ed25519 keys, which are
// random per run: put the real ones in, so that the checks after them run.
std::string with_real_keys(const world& w, std::string_view text) {
  std::string out(text);
  auto put = [&out](std::string_view placeholder, const std::string& key) {
    for (auto at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder, at + key.size())) {
      out.replace(at, placeholder.size(), key);
    }
  };
  put("\"ED\"", "\"" + w.alice.ed25519 + "\"");
  put("\"BOB\"", "\"" + w.bob.self().ed25519 + "\"");
  return out;
}

void open_plaintext(world& w, std::string_view input) {
  const auto plaintext = with_real_keys(w, input);
  const auto m = w.to_bob->encrypt(plaintext);
  const json::object envelope{
      {"v", 1},
      {"alg", "olm.v1"},
      {"sender_device", "alice"},
      {"ciphertexts", json::object{{"2:bob", json::object{{"type", m.type}, {"body", m.body}}}}}};
  auto d = w.bob.decrypt(envelope, w.alice);
  if (!d) return;
  // It opened: the plaintext named alice to bob, with her keys.
  auto p = json::parse(plaintext).as_object();
  check(p.at("sender").as_int64() == 1 && p.at("recipient").as_int64() == 2, "an opened plaintext names both");
  check(p.at("sender_ed25519").as_string() == w.alice.ed25519, "an opened plaintext names the sender's key");
  if (d.value->group_key) check(d.value->conversation == p.at("conversation_id").as_int64(), "a key's conversation");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto& w = the_world();
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1U) == 0) {
    open_envelope(w, rest);
  } else {
    open_plaintext(w, rest);
  }
  return 0;
}
