// Files and edits in the full-screen chat's encrypted conversations
// (docs/security.md, "Encrypted files"): /file seals the file and uploads
// only its ciphertext, a message shows its files' names and sizes from the
// decrypted payload (#N like any attachment), /download N opens the file
// before anything is written, and /edit sends a new envelope that keeps the
// message's files.

#include <fstream>

#include "client/e2ee/file_transfer.hpp"
#include "clients/cli/chat_app.hpp"
#include "clients/cli/media_format.hpp"

namespace natter::cli {

namespace fs = std::filesystem;

namespace {

bool is_picture(std::string_view mime) {
  return mime == "image/png" || mime == "image/jpeg" || mime == "image/gif" || mime == "image/webp";
}

// An entry as the model shows an attachment; one that cannot be read has no id.
protocol::media shown_file(const client::e2ee::file_entry& e) {
  protocol::media m;
  if (!e.readable) return m;
  m.id = e.file.media_id;
  m.kind = is_picture(e.file.mime) ? "image" : "file";
  m.name = e.file.name;
  m.mime = e.file.mime;
  m.size = e.file.size;
  if (e.file.width > 0 && e.file.height > 0) {
    m.width = e.file.width;
    m.height = e.file.height;
  }
  return m;
}

// Writes bytes to target, which must not exist: through a temporary file
// beside it, renamed when complete, so that nothing half-written is left.
client::outcome<client::downloaded_file> write_new_file(const fs::path& target, const std::string& bytes) {
  std::error_code ec;
  if (fs::exists(target, ec)) return client::failure::local("FILE_EXISTS", printable(target.string()) + " exists.");
  auto part = target;
  part += ".part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !out.flush()) {
      fs::remove(part, ec);
      return client::failure::local("FILE_UNWRITABLE", "Cannot write " + printable(target.string()) + ".");
    }
  }
  if (fs::exists(target, ec) || (fs::rename(part, target, ec), ec)) {
    fs::remove(part, ec);
    return client::failure::local("FILE_EXISTS", printable(target.string()) + " exists.");
  }
  return client::downloaded_file{target, bytes.size(), {}};
}

}  // namespace

void chat_app::show_decrypted(protocol::message& m) {
  if (!m.encrypted || m.deleted) {
    m.text = readable_text(m);
    return;
  }
  if (!crypto_) {
    m.text = readable_text(m);
    return;
  }
  auto shown = crypto_->open(m);
  if (shown.error) {
    m.text = readable_text(m);  // says why
    return;
  }
  m.text = std::move(shown.text);
  if (shown.files.empty() && shown.files_json.is_null()) {
    files_of_[m.id] = nullptr;
    return;
  }
  m.attachments.clear();
  for (const auto& e : shown.files) {
    if (e.readable) sealed_files_[e.file.media_id] = e.file;
    m.attachments.push_back(shown_file(e));
  }
  files_of_[m.id] = std::move(shown.files_json);
}

void chat_app::upload_sealed_file(const chat_conversation& c, const fs::path& file, const std::string& caption) {
  if (!crypto_) return model_.note("not sent: encryption is not set up");
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (!ec && size > client::e2ee::max_sealed_plain) {
    return model_.note("not sent: files in encrypted chats can be at most 25 MiB - 16 bytes");
  }
  model_.note("encrypting and uploading " + printable(file.filename().string()) + " (" +
              human_size(static_cast<std::int64_t>(size)) + ")…");
  auto work = [&s = session_, file] { return client::e2ee::upload_sealed(s, file); };
  uploading u{{}, c.id, c.label, caption};
  u.sealed = std::async(std::launch::async, std::move(work));
  uploads_.push_back(std::move(u));
}

void chat_app::send_sealed_file(chat_conversation& c, const std::string& caption, client::e2ee::encrypted_file f) {
  protocol::send_request r;
  r.client_msg_id = id_prefix_ + std::to_string(++sent_);
  r.text = caption;
  r.conversation = c.id;
  model_.add_pending(c, {0, model_.me(), caption, 0, r.client_msg_id, {shown_file({f, true})}});
  std::promise<client::outcome<protocol::message_reply>> answer;
  sending_.push_back({answer.get_future(), r.client_msg_id, false});
  answer.set_value(crypto_ ? crypto_->send(std::move(r), {std::move(f)})
                           : client::failure::local("ENCRYPTION_UNAVAILABLE", "encryption is not set up"));
}

bool chat_app::download_sealed_file(const std::string& id, const fs::path& target) {
  auto it = sealed_files_.find(id);
  if (it == sealed_files_.end()) return false;
  std::error_code ec;
  const auto path = fs::is_directory(target, ec) ? target / client::e2ee::clean_file_name(it->second.name) : target;
  model_.note("downloading and decrypting " + printable(it->second.name) + "…");
  auto work = [&s = session_, f = it->second, path]() -> client::outcome<client::downloaded_file> {
    auto plain = client::e2ee::download_sealed(s, f);
    if (!plain) {
      auto why = plain.error();
      if (why.code == "DAMAGED") why.message = "the file was changed or damaged; nothing was written";
      return why;
    }
    return write_new_file(path, *plain);
  };
  downloads_.push_back({std::async(std::launch::async, std::move(work))});
  return true;
}

void chat_app::edit_encrypted(const chat_conversation& c, protocol::message_id id, const std::string& text) {
  if (!crypto_) return model_.note("not edited: encryption is not set up");
  auto files = files_of_.find(id);
  if (files == files_of_.end()) return model_.note("not edited: that message could not be read here");
  client::e2ee::shown_text original;
  original.files_json = files->second;
  auto edited = crypto_->edit(c.id, id, text, original);
  model_.note(edited ? "edited" : "not edited: " + edited.error().code + " " + edited.error().message);
}

}  // namespace natter::cli
