// The file store of "Remember me": JSON in a 0600 file, written atomically.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include "credential_store.hpp"

namespace natter::desktop {

namespace {

constexpr auto owner_only = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

class file_store final : public credential_store {
 public:
  explicit file_store(QString dir) : dir_(std::move(dir)) {}

  void save(const remembered_login& login, saved_handler done) override {
    QDir().mkpath(dir_);
    QFile(dir_).setPermissions(owner_only | QFileDevice::ExeOwner);
    QJsonObject o{{"server", login.server}, {"username", login.username}, {"refresh_token", login.refresh_token}};
    QSaveFile file(path());
    bool ok = file.open(QIODevice::WriteOnly) && file.setPermissions(owner_only) &&
              file.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) >= 0 && file.commit();
    if (done) done(ok ? QString() : file.errorString());
  }

  void load(loaded_handler done) override {
    QFile file(path());
    std::optional<remembered_login> got;
    if (file.open(QIODevice::ReadOnly)) {
      auto o = QJsonDocument::fromJson(file.read(64 * 1024)).object();
      remembered_login l{o.value("server").toString(), o.value("username").toString(),
                         o.value("refresh_token").toString()};
      if (!l.server.isEmpty() && !l.username.isEmpty() && !l.refresh_token.isEmpty()) got = l;
    }
    done(got);
  }

  void forget() override { QFile::remove(path()); }
  QString where() const override { return path(); }

 private:
  QString path() const { return QDir(dir_).filePath("login.json"); }
  QString dir_;
};

}  // namespace

std::unique_ptr<credential_store> make_file_store(const QString& dir) {
  auto folder = dir;
  if (folder.isEmpty())
    folder = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)).filePath("natter-desktop");
  return std::make_unique<file_store>(folder);
}

}  // namespace natter::desktop
