#include "transcript_browser.hpp"

#include <QColor>
#include <QImage>
#include <QTextDocument>

#include "media_store.hpp"

namespace natter::desktop {

QVariant transcript_browser::loadResource(int type, const QUrl& name) {
  if (type != QTextDocument::ImageResource) return {};
  if (name.scheme() == "thumbnail" && media_) {
    if (const auto* image = media_->thumbnail(name.path())) return *image;
  }
  QImage plain(1, 1, QImage::Format_RGB32);
  auto colour = name.scheme() == "placeholder" ? QColor('#' + name.path()) : QColor();
  plain.fill(colour.isValid() ? colour : QColor(Qt::lightGray));
  return plain;
}

}  // namespace natter::desktop
