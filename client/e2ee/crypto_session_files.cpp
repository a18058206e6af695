// crypto_session: messages with encrypted files, and edits in encrypted
// conversations (docs/security.md, "Encrypted files").

#include <boost/json.hpp>

#include "client/e2ee/crypto_session.hpp"
#include "common/wall_clock.hpp"

namespace natter::client::e2ee {

outcome<protocol::envelope> crypto_session::seal_message(protocol::conversation_id c, const conversation_info& info,
                                                         std::string_view text, const boost::json::value& files) {
  for (auto u : info.members) {
    if (!users_.contains(u)) {
      auto noticed = refresh_user(u);
      pending_.insert(pending_.end(), noticed.begin(), noticed.end());
    }
    if (!trust_.may_send_to(u)) {
      return client::failure::local("VERIFICATION_REQUIRED", "A verified member's keys changed: acknowledge it first.");
    }
  }
  auto sealed = device_->group_encrypt(c, text, natter::wall_clock_ms(), files);
  if (device_->new_group_session(c)) {
    backup_mark(self().curve25519, device_->outbound_session_id(c));
    if (auto shared = share_key(c, info); !shared) return shared.error();
  }
  save();
  backup_flush();
  return protocol::envelope{boost::json::serialize(sealed)};
}

outcome<protocol::message_reply> crypto_session::send(protocol::send_request r,
                                                      const std::vector<encrypted_file>& files) {
  if (files.empty() || files.size() > max_message_files) {
    return client::failure::local("VALIDATION_FAILED", "A message takes 1 to 10 files.");
  }
  const auto c = r.conversation.value_or(0);
  auto info = conversation(c);
  if (!info || !info->encrypted) return client::failure::local("NOT_ENCRYPTED", "The conversation is not encrypted.");
  boost::json::array entries;
  r.attachments.clear();
  for (const auto& f : files) {
    entries.push_back(to_json(f));
    r.attachments.push_back(f.media_id);
  }
  auto sealed = seal_message(c, *info, r.text, entries);
  if (!sealed) return sealed.error();
  r.text.clear();
  r.encrypted = std::move(*sealed);
  return ask(std::move(r));
}

outcome<protocol::message_reply> crypto_session::edit(protocol::conversation_id c, protocol::message_id id,
                                                      std::string_view text, const shown_text& original) {
  auto info = conversation(c);
  if (!info || !info->encrypted) return client::failure::local("NOT_ENCRYPTED", "The conversation is not encrypted.");
  // Its files ride in the plaintext: one this device cannot open would lose them.
  if (original.error) return client::failure::local("NOT_READABLE", "The message cannot be read here to be edited.");
  auto sealed = seal_message(c, *info, text, original.files_json);
  if (!sealed) return sealed.error();
  return ask(protocol::edit_request{id, {}, std::move(*sealed)});
}

}  // namespace natter::client::e2ee
