#include "core/attachments.hpp"

#include <algorithm>
#include <set>

#include "core/validation.hpp"

namespace natter::core {

bool valid_media_id(std::string_view id) noexcept {
  return id.size() == 22 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

status take_avatar(store::store& s, store::user_id owner, const std::string& id) {
  if (id.empty()) return ok;
  auto picture = valid_media_id(id) ? s.media_by_id(id) : std::nullopt;
  if (!picture || picture->owner != owner || picture->kind != "avatar") {
    return validation_error("avatar", "Not an avatar you uploaded.");
  }
  s.mark_media_used(id);
  return ok;
}

status check_attachment_ids(const std::vector<std::string>& ids) {
  if (ids.size() > max_attachments) return validation_error("attachments", "At most 10 attachments.");
  std::set<std::string_view> seen;
  for (const auto& id : ids) {
    if (!valid_media_id(id)) return validation_error("attachments", "Not a media id.");
    if (!seen.insert(id).second) return validation_error("attachments", "The same attachment twice.");
  }
  return ok;
}

result<std::vector<store::attachment_record>> resolve_attachments(store::store& s, store::user_id sender,
                                                                  const std::vector<std::string>& ids,
                                                                  bool encrypted_message) {
  std::vector<store::attachment_record> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto m = s.media_by_id(id);
    if (!m || m->owner != sender || (m->kind != "image" && m->kind != "file")) {
      return validation_error("attachments", "No such upload of yours.");
    }
    if ((m->mime == store::encrypted_file_mime) != encrypted_message) {
      return validation_error("attachments", encrypted_message
                                                 ? "An encrypted message carries only files uploaded encrypted."
                                                 : "A file uploaded encrypted goes only in an encrypted message.");
    }
    out.push_back({m->id, m->kind, m->name, m->mime, m->size, m->width, m->height, m->thumbnail_width,
                   m->thumbnail_height, m->colour});
  }
  return out;
}

protocol::media media_view(const store::attachment_record& a) {
  protocol::media out{a.media, a.kind, a.name, a.mime, a.size, {}, {}, {}, {}};
  if (a.kind != "file") {
    out.width = a.width;
    out.height = a.height;
    out.thumbnail = protocol::thumbnail_size{a.thumbnail_width, a.thumbnail_height};
    out.colour = a.colour;
  }
  return out;
}

protocol::media media_view(const store::media_record& m) {
  return media_view(store::attachment_record{m.id, m.kind, m.name, m.mime, m.size, m.width, m.height, m.thumbnail_width,
                                             m.thumbnail_height, m.colour});
}

}  // namespace natter::core
