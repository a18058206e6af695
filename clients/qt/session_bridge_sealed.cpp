// The session bridge's files of encrypted chats: sealed before they leave
// and opened after they come (client/e2ee/file_crypto.hpp), on Qt's thread
// pool. Only ciphertext passes through the temporary files (private to the
// user, removed at once); names, keys and bytes are never logged.

#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QMimeDatabase>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <memory>
#include <optional>

#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

// The entry's type: by the file's contents and extension, or
// application/octet-stream when the name is not one the format allows.
std::string sealed_mime(const QString& path) {
  auto mime = QMimeDatabase().mimeTypeForFile(path).name().toLower().toStdString();
  return client::e2ee::is_file_mime(mime) ? mime : "application/octet-stream";
}

client::outcome<client::e2ee::encrypted_file> seal_and_upload(const client::http_api& http, const std::string& token,
                                                              const QString& path) {
  QFile in(path);
  if (in.size() > static_cast<qint64>(client::e2ee::max_sealed_plain)) {
    return client::failure::local("FILE_TOO_LARGE",
                                  QObject::tr("%1 is too large for an encrypted chat (25 MiB at most).")
                                      .arg(QFileInfo(path).fileName())
                                      .toStdString());
  }
  if (!in.open(QIODevice::ReadOnly)) {
    return client::failure::local("FILE_UNREADABLE",
                                  QObject::tr("%1 cannot be read.").arg(QFileInfo(path).fileName()).toStdString());
  }
  const auto plain = in.readAll();
  if (plain.size() > static_cast<qint64>(client::e2ee::max_sealed_plain)) {
    return client::failure::local("FILE_TOO_LARGE",
                                  QObject::tr("The file is too large for an encrypted chat.").toStdString());
  }
  auto sealed = client::e2ee::seal_file(std::string_view(plain.constData(), static_cast<std::size_t>(plain.size())));
  QTemporaryFile ciphertext;  // 0600, removed when it goes
  if (!ciphertext.open() || ciphertext.write(sealed.ciphertext.data(), static_cast<qint64>(sealed.ciphertext.size())) !=
                                static_cast<qint64>(sealed.ciphertext.size())) {
    return client::failure::local("FILE_UNREADABLE", QObject::tr("No room to seal the file.").toStdString());
  }
  ciphertext.close();
  client::upload_options o;
  o.name = "encrypted";
  o.purpose = "encrypted";
  auto media = http.upload(token, QFile::encodeName(ciphertext.fileName()).toStdString(), o);
  if (!media) return media.error();
  client::e2ee::encrypted_file f;
  f.media_id = media->id;
  f.key = std::move(sealed.key);
  f.nonce = std::move(sealed.nonce);
  f.name = client::e2ee::file_name_for_entry(QFileInfo(path).fileName().toStdString());
  f.mime = sealed_mime(path);
  f.size = plain.size();
  if (f.mime.starts_with("image/")) {
    const auto size = QImageReader(path).size();
    if (size.isValid() && size.width() > 0 && size.height() > 0) f.width = size.width(), f.height = size.height();
  }
  return f;
}

client::outcome<QByteArray> download_and_open(const client::http_api& http, const std::string& token,
                                              const client::e2ee::encrypted_file& f) {
  QTemporaryDir dir;
  if (!dir.isValid()) return client::failure::local("FILE_UNREADABLE", "no temporary folder");
  const auto path = dir.filePath("sealed");
  auto got = http.download(token, f.media_id, QFile::encodeName(path).toStdString(), {false, true});
  if (!got) return got.error();
  QFile in(path);
  if (!in.open(QIODevice::ReadOnly)) return client::failure::local("FILE_UNREADABLE", "the download cannot be read");
  const auto ciphertext = in.readAll();
  auto plain = client::e2ee::open_file(
      std::string_view(ciphertext.constData(), static_cast<std::size_t>(ciphertext.size())), f.key, f.nonce);
  if (!plain || static_cast<std::int64_t>(plain->size()) != f.size) {
    return client::failure::local("DAMAGED", QObject::tr("the file was changed or damaged").toStdString());
  }
  return QByteArray::fromStdString(*plain);
}

}  // namespace

void session_bridge::upload_sealed(const QStringList& files, sealed_upload_handler done) {
  if (!session_) return done(client::failure::local("STOPPED", tr("Not logged in.").toStdString()));
  using result_type = client::outcome<std::vector<client::e2ee::encrypted_file>>;
  auto result = std::make_shared<std::optional<result_type>>();
  in_pool(
      [result, files](const client::http_api& http, const client::outcome<std::string>& token) {
        if (!token) return void(*result = token.error());
        std::vector<client::e2ee::encrypted_file> made;
        for (const auto& file : files) {
          auto f = seal_and_upload(http, token.value(), file);
          if (!f) return void(*result = f.error());
          made.push_back(std::move(f.value()));
        }
        *result = std::move(made);
      },
      [result, done = std::move(done)] { done(std::move(**result)); });
}

void session_bridge::download_sealed(const client::e2ee::encrypted_file& f, opened_handler done) {
  if (!session_) return done(client::failure::local("STOPPED", tr("Not logged in.").toStdString()));
  auto result = std::make_shared<std::optional<client::outcome<QByteArray>>>();
  in_pool(
      [result, f](const client::http_api& http, const client::outcome<std::string>& token) {
        if (!token) return void(*result = token.error());
        *result = download_and_open(http, token.value(), f);
      },
      [result, done = std::move(done)] { done(std::move(**result)); });
}

}  // namespace natter::desktop
