// The session bridge's uploads and downloads: the client library's
// http_api (streamed to and from disk) on Qt's thread pool.

#include <QFile>
#include <memory>
#include <optional>

#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

std::filesystem::path local_path(const QString& file) {
  return {QFile::encodeName(file).toStdString()};
}

client::outcome<std::vector<protocol::media>> upload_all(const client::http_api& http,
                                                         const client::outcome<std::string>& token,
                                                         const QStringList& files) {
  if (!token) return token.error();
  std::vector<protocol::media> made;
  for (const auto& file : files) {
    auto media = http.upload(token.value(), local_path(file));
    if (!media) return media.error();
    made.push_back(std::move(media.value()));
  }
  return made;
}

}  // namespace

void session_bridge::upload(const QStringList& files, upload_handler done) {
  if (!session_) return done(client::failure::local("STOPPED", tr("Not logged in.").toStdString()));
  auto result = std::make_shared<std::optional<client::outcome<std::vector<protocol::media>>>>();
  in_pool([result, files](const client::http_api& http,
                          const client::outcome<std::string>& token) { *result = upload_all(http, token, files); },
          [result, done = std::move(done)] { done(std::move(**result)); });
}

void session_bridge::download(const QString& id, const QString& target, bool thumbnail, download_handler done) {
  if (!session_) return done(client::failure::local("STOPPED", tr("Not logged in.").toStdString()));
  auto result = std::make_shared<std::optional<client::outcome<client::downloaded_file>>>();
  in_pool(
      [result, id = id.toStdString(), path = local_path(target), thumbnail](const client::http_api& http,
                                                                            const client::outcome<std::string>& token) {
        if (!token) {
          *result = token.error();
          return;
        }
        *result = http.download(token.value(), id, path, {thumbnail, true});
      },
      [result, done = std::move(done)] { done(std::move(**result)); });
}

}  // namespace natter::desktop
