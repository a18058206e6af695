#pragma once
// A chat view's transcript: a QTextBrowser whose pictures come from the
// media store, never from the network or the disk. "thumbnail:<id>" is a
// thumbnail held by the store; "placeholder:<rrggbb>" a plain colour (the
// picture's average, while its thumbnail is on its way), which the <img>
// tag's width and height stretch.

#include <QTextBrowser>

namespace natter::desktop {

class media_store;

class transcript_browser : public QTextBrowser {
  Q_OBJECT

 public:
  explicit transcript_browser(QWidget* parent = nullptr) : QTextBrowser(parent) {}
  void set_media(media_store* media) { media_ = media; }

 protected:
  QVariant loadResource(int type, const QUrl& name) override;

 private:
  media_store* media_ = nullptr;
};

}  // namespace natter::desktop
