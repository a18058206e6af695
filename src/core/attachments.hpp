#pragma once
// The pictures and files a message carries: the media ids of a send checked
// and turned into what the message keeps of them.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "protocol/frames.hpp"
#include "store/store.hpp"

namespace natter::core {

inline constexpr std::size_t max_attachments = 10;

// Checks the shape of a send's attachment ids, without the store: at most
// max_attachments, each a media id, none twice. Errors: validation_failed
// (field "attachments").
status check_attachment_ids(const std::vector<std::string>& ids);

// The sender's own uploads of kind image or file, in the order given; for an
// encrypted message (with an envelope) files the client encrypted
// (store::encrypted_file_mime) and nothing else, for any other message
// anything but those. Errors: validation_failed (field "attachments") for an
// id that is not one.
result<std::vector<store::attachment_record>> resolve_attachments(store::store& s, store::user_id sender,
                                                                  const std::vector<std::string>& ids,
                                                                  bool encrypted_message);

// Sets up id as an avatar of owner's (a user's or a group's): it must be an
// upload of owner's with purpose avatar; it is then used (kept by the
// collector for as long as something holds it). "" (no avatar) passes.
// Errors: validation_failed (field "avatar").
status take_avatar(store::store& s, store::user_id owner, const std::string& id);

// A media id: 22 characters of [A-Za-z0-9_-].
bool valid_media_id(std::string_view id) noexcept;

protocol::media media_view(const store::media_record& m);
protocol::media media_view(const store::attachment_record& a);

}  // namespace natter::core
