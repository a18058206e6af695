#include "theme.hpp"

#include <QApplication>
#include <QStyleFactory>

namespace natter::desktop {

QPalette dark_palette() {
  QPalette p;
  p.setColor(QPalette::Window, QColor(0x24, 0x24, 0x24));
  p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
  p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
  p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
  p.setColor(QPalette::ToolTipBase, QColor(0x30, 0x30, 0x30));
  p.setColor(QPalette::ToolTipText, QColor(0xee, 0xee, 0xee));
  p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
  p.setColor(QPalette::Button, QColor(0x30, 0x30, 0x30));
  p.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
  p.setColor(QPalette::BrightText, QColor(0xff, 0x7b, 0x63));
  p.setColor(QPalette::Link, QColor(0x78, 0xae, 0xed));
  p.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
  for (auto role : {QPalette::ButtonText, QPalette::Text, QPalette::WindowText})
    p.setColor(QPalette::Disabled, role, QColor(0x77, 0x77, 0x77));
  return p;
}

void use_dark_theme() {
  QApplication::setStyle(QStyleFactory::create("Fusion"));
  QApplication::setPalette(dark_palette());
}

}  // namespace natter::desktop
