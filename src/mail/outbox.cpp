#include "mail/outbox.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <stdexcept>

namespace natter::mail {

outbox::outbox(std::filesystem::path dir, std::string from, const clock& clock)
    : dir_(std::move(dir)), from_(std::move(from)), clock_(clock) {
  std::filesystem::create_directories(dir_);
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
}

void outbox::deliver(const core::mail& m) {
  const long long now = clock_.now_ms();
  unsigned char raw[8];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  const std::string name = std::to_string(now) + "-" + hex;
  const auto temporary = dir_ / (name + ".tmp");
  const std::string message = rfc5322(m, from_, now);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("outbox: cannot create " + temporary.string());
  const bool written = ::write(fd, message.data(), message.size()) == static_cast<ssize_t>(message.size());
  const bool synced = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    std::filesystem::remove(temporary);
    throw std::runtime_error("outbox: cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, dir_ / (name + ".eml"));
  spdlog::info("mail written to the outbox: {}.eml, subject \"{}\"", name, m.subject);
}

}  // namespace natter::mail
