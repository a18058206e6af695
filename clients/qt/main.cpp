// natter-desktop: the Natter desktop app (Qt 6 Widgets).
//   natter-desktop [--server URL] [--dark] [--no-keychain]
// The server defaults to $NATTER_SERVER, else http://127.0.0.1:8080; --dark
// (or NATTER_THEME=dark) uses a dark palette.

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QStandardPaths>

#include "credential_store.hpp"
#include "main_window.hpp"
#include "session_bridge.hpp"
#include "theme.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("natter-desktop");
  QApplication::setApplicationDisplayName("Natter");
  QApplication::setDesktopFileName("natter-desktop");
  QApplication::setWindowIcon(QIcon(":/natter/natter-desktop.svg"));

  QCommandLineParser args;
  args.setApplicationDescription("Natter desktop app");
  args.addHelpOption();
  QCommandLineOption server("server", "The server's address.", "url",
                            qEnvironmentVariable("NATTER_SERVER", "http://127.0.0.1:8080"));
  args.addOption(server);
  QCommandLineOption dark("dark", "Use a dark palette.");
  args.addOption(dark);
  QCommandLineOption no_keychain("no-keychain", "Remember the login in a private file, not the keychain.");
  args.addOption(no_keychain);
  args.process(app);
  if (args.isSet(dark) || qEnvironmentVariable("NATTER_THEME") == "dark") natter::desktop::use_dark_theme();

  // Remember me: in the OS keychain where built with qtkeychain (unless
  // --no-keychain), else in a 0600 file under the XDG config dir.
  auto store = args.isSet(no_keychain) ? nullptr : natter::desktop::make_keychain_store();
  if (!store) store = natter::desktop::make_file_store();
  natter::desktop::session_bridge bridge;
  bridge.remember_with(store.get());
  // End-to-end encryption: each login's device beside the kept login.
  bridge.encrypt_under(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
                       "/natter-desktop/e2ee");
  natter::desktop::main_window window(bridge, args.value(server));
  window.show();
  bridge.restore();
  return QApplication::exec();
}
