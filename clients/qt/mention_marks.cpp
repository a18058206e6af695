#include "mention_marks.hpp"

#include <QRegularExpression>
#include <QStringList>
#include <algorithm>

namespace natter::desktop {

QString mark_mentions(const QString& escaped, const protocol::message& m, const QString& colour) {
  QStringList names;
  for (const auto& x : m.mentions) names << QRegularExpression::escape(QString::fromStdString(x.username));
  if (m.mentions_all) names.append({"room", "here"});
  if (names.isEmpty()) return escaped;
  // The longest first: "@ann.b" is ann.b's, not ann's.
  std::sort(names.begin(), names.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
  // "@ann" but not "@annabel" nor "mail@ann"; usernames match whatever their case.
  QRegularExpression at(QString("(?<![\\w@])@(%1)(?![\\w])").arg(names.join('|')),
                        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
  auto marked = escaped;
  marked.replace(at, QString("<b style='color:%1'>@\\1</b>").arg(colour));
  return marked;
}

}  // namespace natter::desktop
