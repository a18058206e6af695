#pragma once
// The ncurses screen of the full-screen chat: a title bar, the conversation
// list (unread counts highlighted, presence marks), the message pane (time,
// sender, text, status marks on my messages, day separators, a "new
// messages" divider, replies and edits; scrolled back by chat_conversation::
// scroll rows) or a panel over it, a status line (for
// notes and questions) and the input line.
// Colours when the terminal has them, plain attributes when not.
// Owns the terminal from construction to destruction.

#include <cstdint>
#include <string>
#include <vector>

#include "clients/cli/chat_model.hpp"
#include "clients/cli/input_line.hpp"

namespace natter::cli {

class chat_screen {
 public:
  chat_screen();
  ~chat_screen();
  chat_screen(const chat_screen&) = delete;
  chat_screen& operator=(const chat_screen&) = delete;

  // The next key within `wait_ms`: false when none came.
  bool next_key(int wait_ms, wint_t& key, bool& is_key);
  void bell();
  // Rows of the message pane; how far back `c` can scroll (its rows past a
  // pane's worth).
  int pane_height() const;
  int scroll_limit(chat_model& model, const chat_conversation& c);
  // After KEY_RESIZE: take the new size.
  void resize();
  // `panel`: lines shown over the message pane (help, contacts); none: the
  // messages.
  void draw(chat_model& model, const input_line& input, const std::string& title, const std::string& status,
            const std::vector<std::string>& panel);

 private:
  // One screen row of the message pane.
  struct row {
    std::wstring text;
    bool mine = false;
    bool note = false;
    std::vector<std::uint8_t> styles;  // one per character of text (inline_format.hpp)
    bool mention = false;              // a line of a message that mentions me: highlighted
  };
  std::vector<row> rows_of(chat_model& model, const chat_conversation& c, int width);
  void draw_list(chat_model& model, int width);
  void draw_presence(int y, int x, const std::string& status);
  void draw_messages(chat_model& model, int left, int width);
  void draw_panel(const std::vector<std::string>& panel, int left, int width);
  void draw_input(const input_line& input);

  bool colours_ = false;
};

}  // namespace natter::cli
