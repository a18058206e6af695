// The keychain store of "Remember me" (qtkeychain: the Secret Service,
// KWallet, the macOS Keychain or the Windows credential store): one item,
// the login as JSON.

#include <QJsonDocument>
#include <QJsonObject>

#include "credential_store.hpp"

#ifdef NATTER_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace natter::desktop {

#ifdef NATTER_HAVE_QTKEYCHAIN
namespace {

constexpr auto service = "natter-desktop";
constexpr auto item = "login";

class keychain_store final : public credential_store {
 public:
  void save(const remembered_login& login, saved_handler done) override {
    auto* job = new QKeychain::WritePasswordJob(service);
    job->setKey(item);
    QJsonObject o{{"server", login.server}, {"username", login.username}, {"refresh_token", login.refresh_token}};
    job->setTextData(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    QObject::connect(job, &QKeychain::Job::finished, [done](QKeychain::Job* j) {
      if (done) done(j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
  }

  void load(loaded_handler done) override {
    auto* job = new QKeychain::ReadPasswordJob(service);
    job->setKey(item);
    QObject::connect(job, &QKeychain::Job::finished, [done](QKeychain::Job* j) {
      std::optional<remembered_login> got;
      if (j->error() == QKeychain::NoError) {
        auto text = static_cast<QKeychain::ReadPasswordJob*>(j)->textData();
        auto o = QJsonDocument::fromJson(text.toUtf8()).object();
        remembered_login l{o.value("server").toString(), o.value("username").toString(),
                           o.value("refresh_token").toString()};
        if (!l.server.isEmpty() && !l.refresh_token.isEmpty()) got = l;
      }
      done(got);
    });
    job->start();
  }

  void forget() override {
    auto* job = new QKeychain::DeletePasswordJob(service);
    job->setKey(item);
    job->start();
  }

  QString where() const override { return QObject::tr("the keychain"); }
};

}  // namespace

std::unique_ptr<credential_store> make_keychain_store() {
  return std::make_unique<keychain_store>();
}
#else
std::unique_ptr<credential_store> make_keychain_store() {
  return nullptr;
}
#endif

}  // namespace natter::desktop
