// natter-desktop: the Natter desktop app (Qt 6 Widgets).
//   natter-desktop [--server URL]
// The server defaults to $NATTER_SERVER, else http://127.0.0.1:8080.

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include "main_window.hpp"
#include "session_bridge.hpp"

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
  args.process(app);

  natter::desktop::session_bridge bridge;
  natter::desktop::main_window window(bridge, args.value(server));
  window.show();
  return QApplication::exec();
}
