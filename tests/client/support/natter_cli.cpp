#include "client/support/natter_cli.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>

extern char** environ;

namespace natter::testing {

namespace fs = std::filesystem;

namespace {

// The current environment without HOME and XDG_CONFIG_HOME, plus `env`.
std::vector<std::string> make_env(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    if (name != "HOME" && name != "XDG_CONFIG_HOME" && !env.contains(name)) out.push_back(entry);
  }
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Forks and execs; the child's stdin/stdout/stderr become the given fds.
pid_t spawn(std::vector<std::string> argv, const std::map<std::string, std::string>& env, int in, int out, int err,
            const fs::path& cwd = {}) {
  auto envs = make_env(env);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    auto args = pointers(argv);
    auto environment = pointers(envs);
    ::execve(args[0], args.data(), environment.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

cli_process::cli_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  int out[2];
  int err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_ = spawn(argv, env, null, out[1], err[1]);
  ::close(null);
  ::close(out[1]);
  ::close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
}

cli_process::~cli_process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

void cli_process::pump(std::chrono::milliseconds wait) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (::poll(fds, 2, static_cast<int>(wait.count())) <= 0) return;
  std::string* sinks[2] = {&out_, &err_};
  int* owners[2] = {&out_fd_, &err_fd_};
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
    char buffer[4096];
    const auto n = ::read(fds[i].fd, buffer, sizeof buffer);
    if (n > 0) {
      sinks[i]->append(buffer, static_cast<std::size_t>(n));
    } else {
      ::close(*owners[i]);
      *owners[i] = -1;
    }
  }
}

bool cli_process::wait_for(const std::string& stream, const std::string& text, std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  const std::string& seen = stream == "out" ? out_ : err_;
  while (seen.find(text) == std::string::npos) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline || (out_fd_ < 0 && err_fd_ < 0)) return false;
    pump(std::min(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now),
                  std::chrono::milliseconds(100)));
  }
  return true;
}

bool cli_process::wait_for_out(const std::string& text, std::chrono::milliseconds wait) {
  return wait_for("out", text, wait);
}
bool cli_process::wait_for_err(const std::string& text, std::chrono::milliseconds wait) {
  return wait_for("err", text, wait);
}

int cli_process::interrupt() {
  ::kill(pid_, SIGINT);
  while (out_fd_ >= 0 || err_fd_ >= 0) pump(std::chrono::milliseconds(100));
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return exit_code_of(status);
}

std::optional<int> cli_process::wait_exit(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  // Its output closes when it exits (natter starts no other process).
  while (out_fd_ >= 0 || err_fd_ >= 0) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return std::nullopt;
    pump(std::min(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now),
                  std::chrono::milliseconds(100)));
  }
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return exit_code_of(status);
}

natter_cli::natter_cli(unsigned short port) : port_(port) {
  std::string pattern = (fs::temp_directory_path() / "natter-home-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  home_ = pattern;
}

natter_cli::~natter_cli() {
  std::error_code ec;
  fs::remove_all(home_, ec);
}

fs::path natter_cli::credentials_file() const {
  return (xdg_.empty() ? home_ / ".config" : xdg_) / "natter" / "credentials";
}

std::map<std::string, std::string> natter_cli::environment() const {
  std::map<std::string, std::string> env{{"HOME", home_.string()}, {"TERM", "xterm-256color"}};
  if (!xdg_.empty()) env["XDG_CONFIG_HOME"] = xdg_.string();
  return env;
}

std::vector<std::string> natter_cli::argv_with_server(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{NATTER_CLI_PATH, "--server", server()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

cli_result natter_cli::run(const std::vector<std::string>& args, const std::string& input) const {
  std::vector<std::string> with_server{"--server", server()};
  with_server.insert(with_server.end(), args.begin(), args.end());
  return run_bare(with_server, input);
}

cli_result natter_cli::run_bare(const std::vector<std::string>& args, const std::string& input) const {
  std::vector<std::string> argv{NATTER_CLI_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  // stdin from a file, so a large input cannot block against unread output.
  const fs::path in_file = home_ / ".stdin";
  {
    const int fd = ::open(in_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (::write(fd, input.data(), input.size()) != static_cast<ssize_t>(input.size()))
      throw std::runtime_error("write");
    ::close(fd);
  }
  int out[2];
  int err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const int in = ::open(in_file.c_str(), O_RDONLY | O_CLOEXEC);
  const pid_t pid = spawn(argv, environment(), in, out[1], err[1], cwd_);
  ::close(in);
  ::close(out[1]);
  ::close(err[1]);
  cli_result r;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open = 2;
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buffer[4096];
      const auto n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      ::close(fds[i].fd);
      fds[i].fd = -1;
      --open;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = exit_code_of(status);
  return r;
}

std::unique_ptr<cli_process> natter_cli::start(const std::vector<std::string>& args) const {
  return std::make_unique<cli_process>(argv_with_server(args), environment());
}

void natter_cli::register_and_login(const std::string& username) {
  auto r = run({"register", username, "--email", username + "@example.com"}, "correct horse battery\n");
  if (r.exit_code != 0) throw std::runtime_error("register " + username + " failed: " + r.err);
}

}  // namespace natter::testing
