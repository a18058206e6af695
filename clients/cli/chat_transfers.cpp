// The full-screen chat's pictures and files: /file PATH [caption] uploads and
// then sends, /download N [PATH] saves the attachment shown as #N (or one
// named by its media id). Each transfer runs on a thread of its own, so the
// screen stays live; the loop polls them.

#include <charconv>
#include <filesystem>

#include "clients/cli/chat_app.hpp"
#include "clients/cli/media_format.hpp"
#include "clients/cli/transfers.hpp"

namespace natter::cli {

namespace fs = std::filesystem;

namespace {

// natterd takes 4 uploads at once from one user; downloads share the bound.
constexpr std::size_t max_transfers = 4;

template <class T>
bool ready(std::future<T>& f) {
  return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// The first argument of `rest` ("in quotes" or 'in quotes' when it holds
// spaces) and what follows it, without the spaces between.
std::pair<std::string, std::string> first_argument(const std::string& rest) {
  const auto start = rest.find_first_not_of(' ');
  if (start == std::string::npos) return {};
  std::size_t end = 0;
  std::string first;
  if (rest[start] == '"' || rest[start] == '\'') {
    end = rest.find(rest[start], start + 1);
    first = rest.substr(start + 1, end == std::string::npos ? end : end - start - 1);
    end = end == std::string::npos ? rest.size() : end + 1;
  } else {
    end = std::min(rest.find(' ', start), rest.size());
    first = rest.substr(start, end - start);
  }
  const auto next = rest.find_first_not_of(' ', end);
  return {first, next == std::string::npos ? std::string() : rest.substr(next)};
}

std::string failed(const client::failure& f) {
  return f.code + " " + f.message;
}

}  // namespace

bool chat_app::transfers_full() {
  if (uploads_.size() + downloads_.size() < max_transfers) return false;
  model_.note("4 transfers are running already: wait for one to end");
  return true;
}

void chat_app::command_file(const std::string& rest) {
  auto* c = model_.current();
  if (!c) return model_.note("Open a conversation first: /msg @user or /join #room.");
  auto [path, caption] = first_argument(rest);
  const auto file = expand_home(path);
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec || !fs::is_regular_file(file, ec)) return model_.note("not a file: " + path);
  if (transfers_full()) return;
  if (c->encrypted) return upload_sealed_file(*c, file, caption);
  model_.note("uploading " + printable(file.filename().string()) + " (" + human_size(static_cast<std::int64_t>(size)) +
              ")…");
  auto work = [&s = session_, file = file.string()] { return upload_files(s, {file}); };
  uploads_.push_back({std::async(std::launch::async, std::move(work)), c->id, c->label, caption});
}

void chat_app::command_download(const std::string& rest) {
  auto* c = model_.current();
  auto [which, path] = first_argument(rest);
  path = first_argument(path).first;
  std::string id = which;
  if (!is_media_id(which)) {
    const auto shown = c ? chat_model::shown_attachments(*c) : std::vector<protocol::media>{};
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(which.data(), which.data() + which.size(), n);
    if (ec != std::errc() || end != which.data() + which.size() || n < 1 || n > shown.size()) {
      return model_.note("no attachment #" + which + " in this conversation");
    }
    id = shown[n - 1].id;
    if (id.empty()) return model_.note("#" + which + " is a file that could not be read");
  }
  if (transfers_full()) return;
  const fs::path target = path.empty() ? fs::path(".") : expand_home(path);
  if (download_sealed_file(id, target)) return;
  model_.note("downloading " + (id == which ? id : "#" + which) + "…");
  auto work = [&s = session_, id, target] { return download_media(s, id, target, false); };
  downloads_.push_back({std::async(std::launch::async, std::move(work))});
}

void chat_app::poll_transfers() {
  // A finished upload: sent where its conversation still is, or said why not.
  auto finish = [this](const auto& upload, auto got, const auto& send) {
    dirty_ = true;
    auto* c = model_.find_target(upload.conversation, upload.label);
    if (!got) {
      model_.note("not sent: " + failed(got.error()));
    } else if (!c) {
      model_.note("not sent: the conversation is gone");
    } else {
      send(*c, std::move(got.value()));
    }
  };
  for (auto it = uploads_.begin(); it != uploads_.end();) {
    const bool sealed = it->sealed.valid();
    if (sealed ? !ready(it->sealed) : !ready(it->media)) {
      ++it;
      continue;
    }
    const auto& caption = it->caption;
    if (sealed) {
      finish(*it, it->sealed.get(),
             [&](chat_conversation& c, auto file) { send_sealed_file(c, caption, std::move(file)); });
    } else {
      finish(*it, it->media.get(), [&](chat_conversation& c, auto media) { send_to(c, caption, std::move(media)); });
    }
    it = uploads_.erase(it);
  }
  for (auto it = downloads_.begin(); it != downloads_.end();) {
    if (!ready(it->file)) {
      ++it;
      continue;
    }
    auto got = it->file.get();
    dirty_ = true;
    model_.note(got ? "saved " + printable(got->path.string()) + " (" +
                          human_size(static_cast<std::int64_t>(got->size)) + ")"
                    : "download failed: " + failed(got.error()));
    it = downloads_.erase(it);
  }
}

}  // namespace natter::cli
