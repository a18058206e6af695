#include "clients/cli/chat_screen.hpp"

#include <curses.h>

#include <algorithm>
#include <chrono>
#include <clocale>
#include <vector>

#include "clients/cli/chat_marks.hpp"
#include "clients/cli/event_format.hpp"
#include "clients/cli/media_format.hpp"
#include "clients/cli/text_layout.hpp"

namespace natter::cli {

namespace {

enum pair_id : short { title_pair = 1, unread_pair, me_pair, note_pair, online_pair, code_pair, away_pair, busy_pair };

int columns(const std::string& s) {
  return columns_of(from_utf8(s));
}

// The terminal attributes of a formatted character (inline_format.hpp).
// Terminals have no strikethrough: struck text is dim.
attr_t attributes_of(std::uint8_t style, bool colours) {
  attr_t a = 0;
  if (style & style_bold) a |= A_BOLD;
  if (style & style_italic) a |= A_ITALIC;
  if (style & style_code) a |= colours ? COLOR_PAIR(code_pair) : A_UNDERLINE;
  if (style & style_link) a |= A_UNDERLINE;
  if (style & (style_struck | style_quote)) a |= A_DIM;
  return a;
}

// Drawn at (y, x) run by run of one style: a row from the wrapper is
// already within the width and free of control characters.
void put_styled(int y, int x, const std::wstring& text, const std::vector<std::uint8_t>& styles, attr_t base, int width,
                bool colours) {
  const std::wstring shown = fit(text, width);
  int column = x;
  for (std::size_t i = 0; i < shown.size();) {
    const auto style_at = [&](std::size_t k) { return k < styles.size() ? styles[k] : std::uint8_t{style_plain}; };
    const std::uint8_t style = style_at(i);
    std::size_t end = i + 1;
    while (end < shown.size() && style_at(end) == style) ++end;
    const std::wstring_view run = std::wstring_view(shown).substr(i, end - i);
    const attr_t a = base | attributes_of(style, colours);
    attron(a);
    mvaddnwstr(y, column, run.data(), static_cast<int>(run.size()));
    attroff(a);
    column += columns_of(run);
    i = end;
  }
}

// Drawn at (y, x): never more than `width` columns, never a control
// character (which would move the cursor elsewhere).
void put(int y, int x, const std::wstring& text, int width) {
  if (width <= 0) return;
  const std::wstring shown = fit(text, width);
  mvaddnwstr(y, x, shown.c_str(), static_cast<int>(shown.size()));
}

void put(int y, int x, const std::string& text, int width) {
  put(y, x, from_utf8(text), width);
}

int list_width() {
  return std::clamp(COLS / 4, 14, 28);
}

int pane_width() {
  return COLS - list_width() - 3;
}

// How far back `total` rows scroll in a pane of `height`: to the first row,
// with the last one showing "more below".
int scroll_limit(int total, int height) {
  return total > height ? total - height + 1 : 0;
}

// The start of the message a reply answers: "bob: the first words…".
std::string quoted(const chat_conversation& c, protocol::message_id id) {
  for (const auto& [seq, d] : c.details) {
    if (d.id != id) continue;
    const auto line = c.lines.find(seq);
    if (line == c.lines.end()) break;
    std::string text = said(line->second.sender, line->second.text);
    if (text.size() > 60) text = to_utf8(fit(from_utf8(text), 50)) + "…";
    return text;
  }
  return "an earlier message";
}

// The rows above a conversation's lines, in order: the "new messages"
// divider (not above the first line held: nothing read is shown above it)
// and day separators.
class markers {
 public:
  explicit markers(const chat_conversation& c)
      : new_from_(c.new_from),
        divided_(c.lines.empty() || c.lines.begin()->first >= c.new_from),
        now_(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count()) {}

  std::vector<std::wstring> before(protocol::seq_t seq, const chat_line& l, int width) {
    std::vector<std::wstring> out;
    if (!divided_ && new_from_ != 0 && seq >= new_from_) {
      out.push_back(fit(L"──── new messages " + std::wstring(static_cast<std::size_t>(width), L'─'), width));
      divided_ = true;
    }
    if (auto separator = day_separator(previous_ts_, l.ts, now_)) {
      out.push_back(fit(L"── " + from_utf8(*separator) + L" ──", width));
    }
    if (l.ts != 0) previous_ts_ = l.ts;
    return out;
  }

 private:
  protocol::seq_t new_from_;
  bool divided_;
  protocol::unix_ms now_;
  protocol::unix_ms previous_ts_ = 0;
};

}  // namespace

chat_screen::chat_screen() {
  std::setlocale(LC_ALL, "");
  initscr();
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  if (has_colors()) {
    start_color();
    use_default_colors();
    init_pair(title_pair, COLOR_BLACK, COLOR_CYAN);
    init_pair(unread_pair, COLOR_YELLOW, -1);
    init_pair(me_pair, COLOR_GREEN, -1);
    init_pair(note_pair, COLOR_MAGENTA, -1);
    init_pair(online_pair, COLOR_GREEN, -1);
    init_pair(code_pair, COLOR_CYAN, -1);
    init_pair(away_pair, COLOR_YELLOW, -1);
    init_pair(busy_pair, COLOR_RED, -1);
    colours_ = true;
  }
}

chat_screen::~chat_screen() {
  endwin();
}

bool chat_screen::next_key(int wait_ms, wint_t& key, bool& is_key) {
  timeout(wait_ms);
  const int r = get_wch(&key);
  if (r == ERR) return false;
  is_key = r == KEY_CODE_YES;
  return true;
}

void chat_screen::bell() {
  beep();
}

void chat_screen::resize() {
  endwin();
  refresh();
  clear();
}

void chat_screen::draw(chat_model& model, const input_line& input, const std::string& title, const std::string& status,
                       const std::vector<std::string>& panel) {
  erase();
  const int list_width = natter::cli::list_width();
  attron(colours_ ? COLOR_PAIR(title_pair) : A_REVERSE);
  mvhline(0, 0, ' ', COLS);
  put(0, 1, title, COLS - 2);
  attroff(colours_ ? COLOR_PAIR(title_pair) : A_REVERSE);
  draw_list(model, list_width);
  mvvline(1, list_width, ACS_VLINE, LINES - 3);
  if (panel.empty()) {
    draw_messages(model, list_width + 2, pane_width());
  } else {
    draw_panel(panel, list_width + 2, pane_width());
  }
  attron(A_DIM);
  put(LINES - 2, 0, status, COLS);
  attroff(A_DIM);
  draw_input(input);
  refresh();
}

void chat_screen::draw_list(chat_model& model, int width) {
  const auto& list = model.conversations();
  for (std::size_t i = 0; i < list.size() && static_cast<int>(i) < LINES - 3; ++i) {
    const auto& c = list[i];
    const int y = static_cast<int>(i) + 1;
    const bool chosen = model.selected() == i;
    if (chosen) attron(A_REVERSE);
    put(y, 0, std::string(chosen ? ">" : " ") + "  " + c.label + (c.encrypted ? " " + std::string(lock_mark) : ""),
        width);
    if (chosen) attroff(A_REVERSE);
    draw_presence(y, 1, model.presence_of(c));
    if (c.unread > 0) {
      // Mentions of me first: "@1(3)" is three unread, one of them naming me.
      const std::string mentions = c.unread_mentions > 0 ? "@" + std::to_string(c.unread_mentions) : "";
      const std::string count = mentions + "(" + std::to_string(c.unread) + ")";
      attron(A_BOLD | (colours_ ? COLOR_PAIR(unread_pair) : A_STANDOUT));
      put(y, width - columns(count) - 1, count, columns(count));
      attroff(A_BOLD | (colours_ ? COLOR_PAIR(unread_pair) : A_STANDOUT));
    }
  }
}

// A person's presence mark at (y, x): its own symbol, and a colour when the
// terminal has them.
void chat_screen::draw_presence(int y, int x, const std::string& status) {
  const short pair = status == "online" ? online_pair : status == "away" ? away_pair : status == "busy" ? busy_pair : 0;
  const attr_t a = colours_ && pair ? COLOR_PAIR(pair) | A_BOLD : status == "offline" ? A_DIM : A_BOLD;
  attron(a);
  put(y, x, presence_mark(status), 1);
  attroff(a);
}

std::vector<chat_screen::row> chat_screen::rows_of(chat_model& model, const chat_conversation& c, int width) {
  std::vector<row> rows;
  int attachment_number = 0;  // as chat_model::shown_attachments numbers them, for /download N
  auto add = [&](const chat_line& l) {
    const bool mine = l.sender == model.me();
    const bool note = l.sender.empty();
    const auto details = note || l.seq == 0 ? c.details.end() : c.details.find(l.seq);
    const bool known = details != c.details.end();
    if (known && details->second.reply_to) {
      for (auto& piece : wrap_hanging(L"  ↪ ", from_utf8(quoted(c, *details->second.reply_to)), width)) {
        rows.push_back({std::move(piece), false, true, {}});
      }
    }
    // A reply in a thread: what it answers in, then the line set in.
    const bool in_thread = known && details->second.thread_id;
    if (in_thread) {
      for (auto& piece : wrap_hanging(L"  ⤷ in thread: ", from_utf8(quoted(c, *details->second.thread_id)), width)) {
        rows.push_back({std::move(piece), false, true, {}});
      }
    }
    const auto action = note ? std::nullopt : action_of(l.text);
    const std::string time = (in_thread ? "    " : "") + (l.ts ? clock_time(l.ts) + " " : "");
    const std::string& who = model.shown_name(l);
    const std::string lead = note ? "-- " : action ? time + "* " + who + " " : time + who + ": ";
    styled_text body = note ? styled_text{} : format_message(from_utf8(action.value_or(l.text)));
    if (note) body.append(from_utf8(l.text), style_plain);
    if (known && details->second.edited) body.append(L" (edited)", style_plain);
    if (mine) body.append(from_utf8("  " + chat_model::mark(c, l)), style_plain);
    for (auto& piece : wrap_hanging(from_utf8(lead), body, width)) {
      rows.push_back({std::move(piece.text), mine, note, std::move(piece.styles), l.mentions_me});
    }
    for (const auto& a : l.attachments) {
      const auto shown = "#" + std::to_string(++attachment_number) + " " + attachment_label(a);
      for (auto& piece : wrap_hanging(L"  ", from_utf8(shown), width))
        rows.push_back({std::move(piece), mine, false, {}});
    }
    if (auto r = c.reactions.find(l.seq); l.seq != 0 && r != c.reactions.end()) {
      for (auto& piece : wrap_hanging(L"  ", from_utf8(reactions_line(r->second)), width)) {
        rows.push_back({std::move(piece), mine, false, {}});
      }
    }
    if (auto t = known ? c.threads.find(details->second.id) : c.threads.end(); t != c.threads.end()) {
      if (t->second.replies > 0) {
        const auto n = t->second.replies;
        rows.push_back({from_utf8("  ⤷ " + std::to_string(n) + (n == 1 ? " reply" : " replies")), mine, true, {}});
      }
    }
  };
  markers marks(c);
  for (const auto& [seq, l] : c.lines) {
    for (auto& m : marks.before(seq, l, width)) rows.push_back({std::move(m), false, true, {}});
    add(l);
  }
  for (const auto& l : c.pending) add(l);
  if (c.request && c.request->from != model.me()) {
    add({0,
         {},
         "chat request from " + c.request->from + " (" + c.request->state + "): /accept or /decline",
         0,
         {},
         {}});
  }
  return rows;
}

int chat_screen::pane_height() const {
  return LINES - 3;
}

int chat_screen::scroll_limit(chat_model& model, const chat_conversation& c) {
  if (pane_width() < 10) return 0;
  return natter::cli::scroll_limit(static_cast<int>(rows_of(model, c, pane_width()).size()), pane_height());
}

// The rows that end `scroll` rows before the last; when scrolled back, the
// pane's last row says there is more below.
void chat_screen::draw_messages(chat_model& model, int left, int width) {
  auto* c = model.current();
  if (!c || width < 10) return;
  const auto rows = rows_of(model, *c, width);
  const int height = pane_height();
  const int total = static_cast<int>(rows.size());
  c->scroll = std::clamp(c->scroll, 0, natter::cli::scroll_limit(total, height));
  const int shown = c->scroll > 0 ? height - 1 : height;
  const int first = std::max(0, total - c->scroll - shown);
  for (int i = first; i < std::min(total, first + shown); ++i) {
    const auto& r = rows[static_cast<std::size_t>(i)];
    attr_t a = r.note ? (colours_ ? COLOR_PAIR(note_pair) : A_DIM) : r.mine && colours_ ? COLOR_PAIR(me_pair) : 0;
    if (r.mention) a = A_REVERSE;  // a message that mentions me stands out, in colour or not
    put_styled(1 + i - first, left, r.text, r.styles, a, width, colours_);
  }
  if (c->scroll == 0) c->new_below = 0;
  if (c->scroll > 0) {
    const std::string news = c->new_below > 0 ? " (" + std::to_string(c->new_below) + " new)" : "";
    attron(A_REVERSE);
    put(height, left, "-- more below: PgDn" + news + " --", width);
    attroff(A_REVERSE);
  }
}

void chat_screen::draw_panel(const std::vector<std::string>& panel, int left, int width) {
  const attr_t a = colours_ ? COLOR_PAIR(note_pair) : A_DIM;
  attron(a);
  for (int i = 0; i < static_cast<int>(panel.size()) && i < LINES - 3; ++i) {
    put(1 + i, left, panel[static_cast<std::size_t>(i)], width);
  }
  attroff(a);
}

// The input scrolls sideways to keep the cursor in view, by columns.
void chat_screen::draw_input(const input_line& input) {
  const int width = COLS - 3;
  const auto& text = input.text();
  const std::size_t cursor = input.cursor();
  std::size_t start = 0;
  while (start < cursor && columns_of(std::wstring_view(text).substr(start, cursor - start)) > width - 1) ++start;
  mvaddstr(LINES - 1, 0, "> ");
  put(LINES - 1, 2, text.substr(start), width);
  move(LINES - 1, 2 + columns_of(std::wstring_view(text).substr(start, cursor - start)));
}

}  // namespace natter::cli
