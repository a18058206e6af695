#pragma once
// One program running in a detached tmux session on a private tmux server,
// 120x40, for tests of the full-screen chat: type with send-keys, read the
// screen with capture-pane.

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace natter::testing {

class tmux_screen {
 public:
  tmux_screen(const std::vector<std::string>& command, const std::map<std::string, std::string>& env);
  ~tmux_screen();
  tmux_screen(const tmux_screen&) = delete;
  tmux_screen& operator=(const tmux_screen&) = delete;

  // Types text literally (no key names).
  void type(const std::string& text);
  // Presses named keys ("Enter", "Tab").
  void press(const std::string& key);
  // The screen as text.
  std::string capture() const;
  // The screen with its attributes as SGR escape sequences ("\x1b[1m" bold).
  std::string capture_styled() const;
  // Whether the program rang the terminal bell since the session started
  // (tmux's bell flag of the window, which nothing here clears).
  bool bell_rang() const;
  // Polls the screen until it shows `text`; false after `wait`.
  bool wait_for(const std::string& text, std::chrono::milliseconds wait) const;

 private:
  std::string tmux(std::vector<std::string> args) const;

  std::string socket_;
};

}  // namespace natter::testing
