#include "client/support/tmux_screen.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace natter::testing {

namespace {

std::atomic<int> screens{0};

// Runs a program and returns its stdout.
std::string run(std::vector<std::string> argv) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  ::close(out[0]);
  ::waitpid(pid, nullptr, 0);
  return text;
}

}  // namespace

tmux_screen::tmux_screen(const std::vector<std::string>& command, const std::map<std::string, std::string>& env)
    : socket_("natter-test-" + std::to_string(::getpid()) + "-" + std::to_string(++screens)) {
  std::vector<std::string> args{"new-session", "-d", "-x", "120", "-y", "40", "-s", "chat"};
  for (const auto& [name, value] : env) args.insert(args.end(), {"-e", name + "=" + value});
  args.insert(args.end(), command.begin(), command.end());
  tmux(args);
}

tmux_screen::~tmux_screen() {
  tmux({"kill-server"});
}

std::string tmux_screen::tmux(std::vector<std::string> args) const {
  args.insert(args.begin(), {"tmux", "-L", socket_, "-f", "/dev/null"});
  return run(std::move(args));
}

void tmux_screen::type(const std::string& text) {
  tmux({"send-keys", "-t", "chat", "-l", text});
}

void tmux_screen::press(const std::string& key) {
  tmux({"send-keys", "-t", "chat", key});
}

std::string tmux_screen::capture() const {
  return tmux({"capture-pane", "-p", "-t", "chat"});
}

std::string tmux_screen::capture_styled() const {
  return tmux({"capture-pane", "-p", "-e", "-t", "chat"});
}

bool tmux_screen::bell_rang() const {
  return tmux({"display-message", "-p", "-t", "chat", "#{window_bell_flag}"}).starts_with("1");
}

bool tmux_screen::wait_for(const std::string& text, std::chrono::milliseconds wait) const {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (capture().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling the screen, with a deadline
  }
  return true;
}

}  // namespace natter::testing
