#include "client/e2ee/olm_objects.hpp"

#include <olm/inbound_group_session.h>
#include <olm/olm.h>
#include <olm/outbound_group_session.h>
#include <sodium.h>

#include <utility>
#include <vector>

namespace natter::client::e2ee {

namespace {

// Bytes libolm asks for, from libsodium; wiped when done.
class randomness {
 public:
  explicit randomness(std::size_t n) : bytes_(n) {
    if (n > 0) randombytes_buf(bytes_.data(), n);
  }
  ~randomness() { sodium_memzero(bytes_.data(), bytes_.size()); }
  randomness(const randomness&) = delete;
  randomness& operator=(const randomness&) = delete;
  void* data() noexcept { return bytes_.data(); }
  std::size_t size() const noexcept { return bytes_.size(); }

 private:
  std::vector<unsigned char> bytes_;
};

// A writable copy of input: libolm destroys what it decrypts and unpickles.
std::string scratch(std::string_view input) {
  return std::string(input);
}

template <class Object, class LastError>
std::size_t checked(std::size_t rc, const Object* object, LastError last_error) {
  if (rc == ::olm_error()) throw crypto_error(last_error(object));
  return rc;
}

std::size_t account_ok(std::size_t rc, const OlmAccount* a) {
  return checked(rc, a, olm_account_last_error);
}
std::size_t session_ok(std::size_t rc, const OlmSession* s) {
  return checked(rc, s, olm_session_last_error);
}
std::size_t outbound_ok(std::size_t rc, const OlmOutboundGroupSession* s) {
  return checked(rc, s, olm_outbound_group_session_last_error);
}
std::size_t inbound_ok(std::size_t rc, const OlmInboundGroupSession* s) {
  return checked(rc, s, olm_inbound_group_session_last_error);
}

// Reads a string of length n that fill writes.
template <class Fill>
std::string read_string(std::size_t n, Fill fill) {
  std::string out(n, '\0');
  out.resize(fill(out.data(), out.size()));
  return out;
}

}  // namespace

// ---- account

olm_account::olm_account(std::nullptr_t)
    : memory_(std::make_unique<unsigned char[]>(olm_account_size())), account_(::olm_account(memory_.get())) {}

olm_account::olm_account() : olm_account(nullptr) {
  randomness r(olm_create_account_random_length(account_));
  account_ok(olm_create_account(account_, r.data(), r.size()), account_);
}

olm_account::~olm_account() {
  if (account_ != nullptr) olm_clear_account(account_);
}

std::unique_ptr<olm_account> olm_account::unpickle(std::string_view key, std::string_view pickled) {
  std::unique_ptr<olm_account> a(new olm_account(nullptr));
  auto copy = scratch(pickled);
  account_ok(olm_unpickle_account(a->account_, key.data(), key.size(), copy.data(), copy.size()), a->account_);
  return a;
}

std::string olm_account::pickle(std::string_view key) const {
  return read_string(olm_pickle_account_length(account_), [&](char* out, std::size_t n) {
    return account_ok(olm_pickle_account(account_, key.data(), key.size(), out, n), account_);
  });
}

std::string olm_account::identity_json() const {
  return read_string(olm_account_identity_keys_length(account_), [&](char* out, std::size_t n) {
    return account_ok(olm_account_identity_keys(account_, out, n), account_);
  });
}

std::string olm_account::sign(std::string_view message) const {
  return read_string(olm_account_signature_length(account_), [&](char* out, std::size_t n) {
    return account_ok(olm_account_sign(account_, message.data(), message.size(), out, n), account_);
  });
}

std::size_t olm_account::max_one_time_keys() const {
  return olm_account_max_number_of_one_time_keys(account_);
}

void olm_account::generate_one_time_keys(std::size_t count) {
  randomness r(olm_account_generate_one_time_keys_random_length(account_, count));
  account_ok(olm_account_generate_one_time_keys(account_, count, r.data(), r.size()), account_);
}

std::string olm_account::one_time_keys_json() const {
  return read_string(olm_account_one_time_keys_length(account_), [&](char* out, std::size_t n) {
    return account_ok(olm_account_one_time_keys(account_, out, n), account_);
  });
}

void olm_account::generate_fallback_key() {
  randomness r(olm_account_generate_fallback_key_random_length(account_));
  account_ok(olm_account_generate_fallback_key(account_, r.data(), r.size()), account_);
}

std::string olm_account::unpublished_fallback_key_json() const {
  return read_string(olm_account_unpublished_fallback_key_length(account_), [&](char* out, std::size_t n) {
    return account_ok(olm_account_unpublished_fallback_key(account_, out, n), account_);
  });
}

void olm_account::mark_keys_as_published() {
  olm_account_mark_keys_as_published(account_);
}

void olm_account::forget_old_fallback_key() {
  olm_account_forget_old_fallback_key(account_);
}

void olm_account::remove_one_time_keys(const olm_session& used) {
  account_ok(olm_remove_one_time_keys(account_, used.session_), account_);
}

// ---- Olm session

olm_session::olm_session()
    : memory_(std::make_unique<unsigned char[]>(olm_session_size())), session_(::olm_session(memory_.get())) {}

olm_session::~olm_session() {
  if (session_ != nullptr) olm_clear_session(session_);
}

olm_session::olm_session(olm_session&& o) noexcept
    : memory_(std::move(o.memory_)), session_(std::exchange(o.session_, nullptr)) {}

olm_session& olm_session::operator=(olm_session&& o) noexcept {
  if (this != &o) {
    if (session_ != nullptr) olm_clear_session(session_);
    memory_ = std::move(o.memory_);
    session_ = std::exchange(o.session_, nullptr);
  }
  return *this;
}

olm_session olm_session::outbound(olm_account& mine, std::string_view their_curve25519,
                                  std::string_view their_one_time_key) {
  olm_session s;
  randomness r(olm_create_outbound_session_random_length(s.session_));
  session_ok(olm_create_outbound_session(s.session_, mine.get(), their_curve25519.data(), their_curve25519.size(),
                                         their_one_time_key.data(), their_one_time_key.size(), r.data(), r.size()),
             s.session_);
  return s;
}

olm_session olm_session::inbound(olm_account& mine, std::string_view their_curve25519, std::string_view prekey_body) {
  olm_session s;
  auto copy = scratch(prekey_body);
  session_ok(olm_create_inbound_session_from(s.session_, mine.get(), their_curve25519.data(), their_curve25519.size(),
                                             copy.data(), copy.size()),
             s.session_);
  return s;
}

olm_session olm_session::unpickle(std::string_view key, std::string_view pickled) {
  olm_session s;
  auto copy = scratch(pickled);
  session_ok(olm_unpickle_session(s.session_, key.data(), key.size(), copy.data(), copy.size()), s.session_);
  return s;
}

std::string olm_session::pickle(std::string_view key) const {
  return read_string(olm_pickle_session_length(session_), [&](char* out, std::size_t n) {
    return session_ok(olm_pickle_session(session_, key.data(), key.size(), out, n), session_);
  });
}

bool olm_session::matches_inbound(std::string_view their_curve25519, std::string_view prekey_body) const {
  auto copy = scratch(prekey_body);
  const std::size_t rc = olm_matches_inbound_session_from(session_, their_curve25519.data(), their_curve25519.size(),
                                                          copy.data(), copy.size());
  return rc == 1;
}

std::string olm_session::id() const {
  return read_string(olm_session_id_length(session_),
                     [&](char* out, std::size_t n) { return session_ok(olm_session_id(session_, out, n), session_); });
}

olm_message olm_session::encrypt(std::string_view plaintext) {
  olm_message m;
  m.type = static_cast<int>(session_ok(olm_encrypt_message_type(session_), session_));
  randomness r(olm_encrypt_random_length(session_));
  m.body = read_string(olm_encrypt_message_length(session_, plaintext.size()), [&](char* out, std::size_t n) {
    return session_ok(olm_encrypt(session_, plaintext.data(), plaintext.size(), r.data(), r.size(), out, n), session_);
  });
  return m;
}

std::string olm_session::decrypt(const olm_message& message) {
  auto sizing = scratch(message.body);
  const std::size_t max = session_ok(
      olm_decrypt_max_plaintext_length(session_, static_cast<std::size_t>(message.type), sizing.data(), sizing.size()),
      session_);
  auto copy = scratch(message.body);
  return read_string(max, [&](char* out, std::size_t n) {
    return session_ok(olm_decrypt(session_, static_cast<std::size_t>(message.type), copy.data(), copy.size(), out, n),
                      session_);
  });
}

// ---- Megolm outbound

megolm_outbound::megolm_outbound(std::nullptr_t)
    : memory_(std::make_unique<unsigned char[]>(olm_outbound_group_session_size())),
      session_(olm_outbound_group_session(memory_.get())) {}

megolm_outbound::megolm_outbound() : megolm_outbound(nullptr) {
  randomness r(olm_init_outbound_group_session_random_length(session_));
  outbound_ok(olm_init_outbound_group_session(session_, static_cast<std::uint8_t*>(r.data()), r.size()), session_);
}

megolm_outbound::~megolm_outbound() {
  if (session_ != nullptr) olm_clear_outbound_group_session(session_);
}

megolm_outbound::megolm_outbound(megolm_outbound&& o) noexcept
    : memory_(std::move(o.memory_)), session_(std::exchange(o.session_, nullptr)) {}

megolm_outbound& megolm_outbound::operator=(megolm_outbound&& o) noexcept {
  if (this != &o) {
    if (session_ != nullptr) olm_clear_outbound_group_session(session_);
    memory_ = std::move(o.memory_);
    session_ = std::exchange(o.session_, nullptr);
  }
  return *this;
}

megolm_outbound megolm_outbound::unpickle(std::string_view key, std::string_view pickled) {
  megolm_outbound s(nullptr);
  auto copy = scratch(pickled);
  outbound_ok(olm_unpickle_outbound_group_session(s.session_, key.data(), key.size(), copy.data(), copy.size()),
              s.session_);
  return s;
}

std::string megolm_outbound::pickle(std::string_view key) const {
  return read_string(olm_pickle_outbound_group_session_length(session_), [&](char* out, std::size_t n) {
    return outbound_ok(olm_pickle_outbound_group_session(session_, key.data(), key.size(), out, n), session_);
  });
}

std::string megolm_outbound::id() const {
  return read_string(olm_outbound_group_session_id_length(session_), [&](char* out, std::size_t n) {
    return outbound_ok(olm_outbound_group_session_id(session_, reinterpret_cast<std::uint8_t*>(out), n), session_);
  });
}

std::string megolm_outbound::session_key() const {
  return read_string(olm_outbound_group_session_key_length(session_), [&](char* out, std::size_t n) {
    return outbound_ok(olm_outbound_group_session_key(session_, reinterpret_cast<std::uint8_t*>(out), n), session_);
  });
}

std::uint32_t megolm_outbound::message_index() const {
  return olm_outbound_group_session_message_index(session_);
}

std::string megolm_outbound::encrypt(std::string_view plaintext) {
  return read_string(olm_group_encrypt_message_length(session_, plaintext.size()), [&](char* out, std::size_t n) {
    return outbound_ok(olm_group_encrypt(session_, reinterpret_cast<const std::uint8_t*>(plaintext.data()),
                                         plaintext.size(), reinterpret_cast<std::uint8_t*>(out), n),
                       session_);
  });
}

// ---- Megolm inbound

megolm_inbound::megolm_inbound(std::nullptr_t)
    : memory_(std::make_unique<unsigned char[]>(olm_inbound_group_session_size())),
      session_(olm_inbound_group_session(memory_.get())) {}

megolm_inbound::megolm_inbound(std::string_view session_key) : megolm_inbound(nullptr) {
  inbound_ok(olm_init_inbound_group_session(session_, reinterpret_cast<const std::uint8_t*>(session_key.data()),
                                            session_key.size()),
             session_);
}

megolm_inbound::~megolm_inbound() {
  if (session_ != nullptr) olm_clear_inbound_group_session(session_);
}

megolm_inbound::megolm_inbound(megolm_inbound&& o) noexcept
    : memory_(std::move(o.memory_)), session_(std::exchange(o.session_, nullptr)) {}

megolm_inbound& megolm_inbound::operator=(megolm_inbound&& o) noexcept {
  if (this != &o) {
    if (session_ != nullptr) olm_clear_inbound_group_session(session_);
    memory_ = std::move(o.memory_);
    session_ = std::exchange(o.session_, nullptr);
  }
  return *this;
}

megolm_inbound megolm_inbound::unpickle(std::string_view key, std::string_view pickled) {
  megolm_inbound s(nullptr);
  auto copy = scratch(pickled);
  inbound_ok(olm_unpickle_inbound_group_session(s.session_, key.data(), key.size(), copy.data(), copy.size()),
             s.session_);
  return s;
}

std::string megolm_inbound::pickle(std::string_view key) const {
  return read_string(olm_pickle_inbound_group_session_length(session_), [&](char* out, std::size_t n) {
    return inbound_ok(olm_pickle_inbound_group_session(session_, key.data(), key.size(), out, n), session_);
  });
}

std::string megolm_inbound::id() const {
  return read_string(olm_inbound_group_session_id_length(session_), [&](char* out, std::size_t n) {
    return inbound_ok(olm_inbound_group_session_id(session_, reinterpret_cast<std::uint8_t*>(out), n), session_);
  });
}

megolm_inbound megolm_inbound::import(std::string_view exported) {
  megolm_inbound s(nullptr);
  auto copy = scratch(exported);  // libolm decodes the base64 in place
  inbound_ok(
      olm_import_inbound_group_session(s.session_, reinterpret_cast<const std::uint8_t*>(copy.data()), copy.size()),
      s.session_);
  return s;
}

std::string megolm_inbound::export_at(std::uint32_t index) const {
  return read_string(olm_export_inbound_group_session_length(session_), [&](char* out, std::size_t n) {
    return inbound_ok(olm_export_inbound_group_session(session_, reinterpret_cast<std::uint8_t*>(out), n, index),
                      session_);
  });
}

std::uint32_t megolm_inbound::first_known_index() const {
  return olm_inbound_group_session_first_known_index(session_);
}

group_plaintext megolm_inbound::decrypt(std::string_view message) {
  auto sizing = scratch(message);
  const std::size_t max = inbound_ok(
      olm_group_decrypt_max_plaintext_length(session_, reinterpret_cast<std::uint8_t*>(sizing.data()), sizing.size()),
      session_);
  auto copy = scratch(message);
  group_plaintext out;
  out.text = read_string(max, [&](char* p, std::size_t n) {
    return inbound_ok(olm_group_decrypt(session_, reinterpret_cast<std::uint8_t*>(copy.data()), copy.size(),
                                        reinterpret_cast<std::uint8_t*>(p), n, &out.index),
                      session_);
  });
  return out;
}

}  // namespace natter::client::e2ee
