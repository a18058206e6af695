#include "bus/redis/redis_connection.hpp"

#include <hiredis.h>
#include <sys/time.h>

#include <charconv>

namespace natter::bus {

redis_endpoint parse_redis_url(const std::string& url) {
  const std::string scheme = "redis://";
  if (url.rfind(scheme, 0) != 0) throw std::invalid_argument("--bus must be redis://host:port, got " + url);
  std::string rest = url.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  redis_endpoint out;
  const auto colon = rest.rfind(':');
  out.host = rest.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || end != port.data() + port.size() || out.port <= 0 || out.port > 65535) {
      throw std::invalid_argument("--bus: bad port in " + url);
    }
  }
  if (out.host.empty() || out.host.find('/') != std::string::npos) {
    throw std::invalid_argument("--bus must be redis://host:port, got " + url);
  }
  return out;
}

void reply_deleter::operator()(redisReply* r) const {
  freeReplyObject(r);
}

bool reply_view::is_error(const redisReply& r) {
  return r.type == REDIS_REPLY_ERROR;
}

long long reply_view::integer(const redisReply& r) {
  return r.type == REDIS_REPLY_INTEGER ? r.integer : 0;
}

std::string reply_view::text(const redisReply& r) {
  if (r.type == REDIS_REPLY_STRING || r.type == REDIS_REPLY_STATUS || r.type == REDIS_REPLY_ERROR) {
    return std::string(r.str, r.len);
  }
  if (r.type == REDIS_REPLY_INTEGER) return std::to_string(r.integer);
  return {};
}

std::vector<std::string> reply_view::strings(const redisReply& r) {
  std::vector<std::string> out;
  if (r.type != REDIS_REPLY_ARRAY) return out;
  out.reserve(r.elements);
  for (std::size_t i = 0; i < r.elements; ++i) out.push_back(text(*r.element[i]));
  return out;
}

static timeval to_timeval(std::chrono::milliseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(t.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
  return tv;
}

redis_connection::redis_connection(const redis_endpoint& where, std::chrono::milliseconds timeout) {
  const timeval tv = to_timeval(timeout);
  ctx_ = redisConnectWithTimeout(where.host.c_str(), where.port, tv);
  if (!ctx_) throw redis_error("redis: out of memory");
  if (ctx_->err) {
    std::string why = ctx_->errstr;
    redisFree(ctx_);
    ctx_ = nullptr;
    throw redis_error("redis " + where.host + ":" + std::to_string(where.port) + ": " + why);
  }
  if (redisSetTimeout(ctx_, tv) != REDIS_OK) fail("set timeout");
}

redis_connection::~redis_connection() {
  if (ctx_) redisFree(ctx_);
}

void redis_connection::fail(const char* what) {
  throw redis_error(std::string("redis ") + what + ": " + (ctx_->err ? ctx_->errstr : "connection lost"));
}

static void to_argv(const std::vector<std::string>& argv, std::vector<const char*>& ptrs, std::vector<size_t>& lens) {
  ptrs.reserve(argv.size());
  lens.reserve(argv.size());
  for (const auto& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
}

redis_reply redis_connection::command(const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  to_argv(argv, ptrs, lens);
  void* r = redisCommandArgv(ctx_, static_cast<int>(argv.size()), ptrs.data(), lens.data());
  if (!r) fail("command");
  return redis_reply(static_cast<redisReply*>(r));
}

void redis_connection::append(const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  to_argv(argv, ptrs, lens);
  if (redisAppendCommandArgv(ctx_, static_cast<int>(argv.size()), ptrs.data(), lens.data()) != REDIS_OK) {
    fail("append");
  }
}

void redis_connection::flush() {
  int done = 0;
  while (!done) {
    if (redisBufferWrite(ctx_, &done) != REDIS_OK) fail("write");
  }
}

void redis_connection::read_available() {
  if (redisBufferRead(ctx_) != REDIS_OK) fail("read");
}

redis_reply redis_connection::next_reply() {
  void* r = nullptr;
  if (redisGetReplyFromReader(ctx_, &r) != REDIS_OK) fail("parse");
  return redis_reply(static_cast<redisReply*>(r));
}

int redis_connection::fd() const {
  return ctx_->fd;
}

}  // namespace natter::bus
