#pragma once
// Owning wrappers over libolm's four objects: an account (a device's
// identity and one-time keys), an Olm session (the Double Ratchet between two
// devices), and Megolm's outbound and inbound group sessions. Each holds the
// memory libolm works in, clears it when destroyed, and turns libolm's error
// returns into crypto_error. libolm's pitfalls are handled here once: its
// decrypt and unpickle calls destroy their input (they get a copy), and its
// randomness comes from libsodium's randombytes_buf.
//
// Not thread-safe: one owner at a time (e2ee::device).

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct OlmAccount;
struct OlmSession;
struct OlmOutboundGroupSession;
struct OlmInboundGroupSession;

namespace natter::client::e2ee {

class olm_session;

// A libolm call failed; what() is libolm's error name (e.g. BAD_MESSAGE_MAC).
class crypto_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct olm_message {
  int type = 0;  // 0: pre-key (sets up the session), 1: normal
  std::string body;
};

class olm_account {
 public:
  olm_account();  // a new identity
  ~olm_account();
  olm_account(const olm_account&) = delete;
  olm_account& operator=(const olm_account&) = delete;

  static std::unique_ptr<olm_account> unpickle(std::string_view key, std::string_view pickled);
  std::string pickle(std::string_view key) const;

  std::string identity_json() const;  // {"curve25519": ..., "ed25519": ...}
  std::string sign(std::string_view message) const;
  std::size_t max_one_time_keys() const;
  void generate_one_time_keys(std::size_t count);
  std::string one_time_keys_json() const;  // {"curve25519": {key_id: key}}, unpublished ones
  void generate_fallback_key();
  std::string unpublished_fallback_key_json() const;
  void mark_keys_as_published();
  void forget_old_fallback_key();
  // Forgets the one-time key an inbound session was made from. Only once its
  // first message decrypted: a corrupted pre-key message must not use it up.
  void remove_one_time_keys(const olm_session& used);

  OlmAccount* get() const noexcept { return account_; }

 private:
  explicit olm_account(std::nullptr_t);
  std::unique_ptr<unsigned char[]> memory_;
  OlmAccount* account_ = nullptr;
};

class olm_session {
 public:
  ~olm_session();
  olm_session(olm_session&&) noexcept;
  olm_session& operator=(olm_session&&) noexcept;

  // A session to their device from one of its one-time (or fallback) keys.
  static olm_session outbound(olm_account& mine, std::string_view their_curve25519,
                              std::string_view their_one_time_key);
  // A session from their pre-key message (the one-time key it used stays
  // until olm_account::remove_one_time_keys).
  static olm_session inbound(olm_account& mine, std::string_view their_curve25519, std::string_view prekey_body);
  static olm_session unpickle(std::string_view key, std::string_view pickled);
  std::string pickle(std::string_view key) const;

  // True when this pre-key message belongs to this session.
  bool matches_inbound(std::string_view their_curve25519, std::string_view prekey_body) const;
  std::string id() const;
  olm_message encrypt(std::string_view plaintext);
  // Throws crypto_error (BAD_MESSAGE_MAC for a corrupted or replayed message).
  std::string decrypt(const olm_message& message);

 private:
  friend class olm_account;
  olm_session();
  std::unique_ptr<unsigned char[]> memory_;
  OlmSession* session_ = nullptr;
};

class megolm_outbound {
 public:
  megolm_outbound();  // a new group session
  ~megolm_outbound();
  megolm_outbound(megolm_outbound&&) noexcept;
  megolm_outbound& operator=(megolm_outbound&&) noexcept;

  static megolm_outbound unpickle(std::string_view key, std::string_view pickled);
  std::string pickle(std::string_view key) const;

  std::string id() const;
  std::string session_key() const;  // the ratchet at its current index, for sharing
  std::uint32_t message_index() const;
  std::string encrypt(std::string_view plaintext);

 private:
  explicit megolm_outbound(std::nullptr_t);
  std::unique_ptr<unsigned char[]> memory_;
  OlmOutboundGroupSession* session_ = nullptr;
};

struct group_plaintext {
  std::string text;
  std::uint32_t index = 0;
};

class megolm_inbound {
 public:
  explicit megolm_inbound(std::string_view session_key);
  // From export_at's text (a key backup): opens messages from that index on.
  static megolm_inbound import(std::string_view exported);
  ~megolm_inbound();
  megolm_inbound(megolm_inbound&&) noexcept;
  megolm_inbound& operator=(megolm_inbound&&) noexcept;

  static megolm_inbound unpickle(std::string_view key, std::string_view pickled);
  std::string pickle(std::string_view key) const;

  std::string id() const;
  std::uint32_t first_known_index() const;
  // The session from index on, unsigned: for a key backup only.
  std::string export_at(std::uint32_t index) const;
  // Throws crypto_error (BAD_MESSAGE_MAC, UNKNOWN_MESSAGE_INDEX, ...).
  group_plaintext decrypt(std::string_view message);

 private:
  explicit megolm_inbound(std::nullptr_t);
  std::unique_ptr<unsigned char[]> memory_;
  OlmInboundGroupSession* session_ = nullptr;
};

}  // namespace natter::client::e2ee
