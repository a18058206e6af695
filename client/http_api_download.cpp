// http_api::download: GET /api/v1/media/{id}[/thumbnail] streamed to a temp
// file beside the target, resumed with Range when the temp file holds the
// beginning already (media never change: an id always serves the same
// bytes), renamed into place when complete.

#include <fcntl.h>
#include <unistd.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cerrno>
#include <charconv>
#include <vector>

#include "client/file_names.hpp"
#include "client/http_api.hpp"
#include "client/http_connection.hpp"

namespace natter::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;
using detail::use_tuple;

namespace {

constexpr std::size_t max_error_bytes = 1 << 20;

failure unwritable(const fs::path& p) {
  return failure::local("FILE_UNWRITABLE", "Cannot write " + p.string() + ".");
}
// Not a refusal: the temp file did not fit what natterd holds; start over.
failure restart() {
  return failure::local("RESTART", "The partial download does not fit; starting over.");
}

// The temp file, written with plain descriptors so that it can be fsynced
// before the rename, and never through a symbolic link planted in its place.
class part_file {
 public:
  part_file(const fs::path& path, bool append)
      : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (append ? O_APPEND : O_TRUNC), 0644)) {}
  ~part_file() {
    if (fd_ >= 0) ::close(fd_);
  }
  part_file(const part_file&) = delete;
  part_file& operator=(const part_file&) = delete;

  bool is_open() const { return fd_ >= 0; }
  bool write(const char* data, std::size_t size) {
    while (size > 0) {
      const auto n = ::write(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }
  bool sync() { return ::fsync(fd_) == 0; }

 private:
  int fd_;
};

// What one attempt needs, and what it found out.
struct download_plan {
  http::request<http::empty_body> req;
  fs::path part;
  fs::path target;
  bool into_directory = false;
  bool overwrite = false;
  std::chrono::seconds timeout{0};
};

struct fetched {
  fs::path path;  // where the file is to go
  std::uint64_t size = 0;
  std::string mime;
};

std::uint64_t size_of(const fs::path& p) {
  std::error_code ec;
  const auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

// "bytes first-last/total": total when first is `from`, else nothing.
std::optional<std::uint64_t> total_of_range(std::string_view content_range, std::uint64_t from) {
  std::uint64_t first = 0, total = 0;
  const auto dash = content_range.find('-');
  const auto slash = content_range.find('/');
  if (!content_range.starts_with("bytes ") || dash == content_range.npos || slash == content_range.npos) return {};
  std::from_chars(content_range.data() + 6, content_range.data() + dash, first);
  const auto [end, ec] =
      std::from_chars(content_range.data() + slash + 1, content_range.data() + content_range.size(), total);
  if (ec != std::errc() || first != from) return {};
  return total;
}

// Where the file goes: the target, or the target directory and the name
// natterd gave, made a plain file name.
fs::path destination(const download_plan& plan, std::string_view disposition) {
  if (!plan.into_directory) return plan.target;
  return plan.target / local_file_name(disposition_file_name(disposition));
}

template <class Stream, class Parser>
asio::awaitable<failure> refusal_of(Stream& stream, beast::flat_buffer& buffer, Parser& parser) {
  http::response_parser<http::string_body> whole(std::move(parser));
  whole.body_limit(max_error_bytes);
  auto [ec, n] = co_await http::async_read(stream, buffer, whole, use_tuple);
  if (ec) co_return detail::dropped(ec, "read");
  co_return detail::refusal(http_api::response{static_cast<int>(whole.get().result_int()), whole.get().body()});
}

// Reads the body into the temp file, piece by piece, each within the timeout.
template <class Stream, class Parser>
asio::awaitable<std::optional<failure>> receive(Stream& stream, beast::flat_buffer& buffer, Parser& parser,
                                                part_file& out, const download_plan& plan) {
  std::vector<char> piece(detail::transfer_piece_bytes);
  while (!parser.is_done()) {
    parser.get().body().data = piece.data();
    parser.get().body().size = piece.size();
    beast::get_lowest_layer(stream).expires_after(plan.timeout);
    auto [ec, n] = co_await http::async_read_some(stream, buffer, parser, use_tuple);
    if (ec == http::error::need_buffer) ec = {};
    const std::size_t got = piece.size() - parser.get().body().size;
    if (!out.write(piece.data(), got)) co_return unwritable(plan.part);
    if (ec) co_return detail::dropped(ec, "read");  // what came is kept: the next attempt resumes
  }
  if (!out.sync()) co_return unwritable(plan.part);
  co_return std::nullopt;
}

template <class Stream>
asio::awaitable<outcome<fetched>> download_exchange(Stream& stream, download_plan plan) {
  const std::uint64_t have = size_of(plan.part);
  if (have > 0) plan.req.set(http::field::range, "bytes=" + std::to_string(have) + "-");
  beast::get_lowest_layer(stream).expires_after(plan.timeout);
  auto [wec, written] = co_await http::async_write(stream, plan.req, use_tuple);
  if (wec) co_return detail::dropped(wec, "write");
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);  // a file is as large as natterd let it be
  auto [rec, read] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
  if (rec) co_return detail::dropped(rec, "read");
  const auto& res = parser.get();
  const int status = static_cast<int>(res.result_int());
  if (status == 416 && have > 0) co_return restart();
  if (status != 200 && status != 206) co_return co_await refusal_of(stream, buffer, parser);
  const bool resumed = status == 206;
  std::optional<std::uint64_t> total = total_of_range(res[http::field::content_range], have);
  if (!resumed) total = parser.content_length() ? std::optional(*parser.content_length()) : std::nullopt;
  if (!total) co_return restart();
  fetched out{destination(plan, res[http::field::content_disposition]), *total,
              std::string(res[http::field::content_type])};
  std::error_code ec;
  if (!plan.overwrite && fs::exists(fs::symlink_status(out.path, ec))) {
    co_return failure::local("FILE_EXISTS", out.path.string() + " exists (overwrite it with --force).");
  }
  part_file file(plan.part, resumed);
  if (!file.is_open()) co_return unwritable(plan.part);
  if (auto problem = co_await receive(stream, buffer, parser, file, plan)) co_return *problem;
  if (size_of(plan.part) != out.size) co_return restart();
  co_return out;
}

bool valid_media_id(std::string_view id) {
  return id.size() == 22 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

// Moves the complete temp file into place; without `overwrite`, atomically
// refuses when something is there (a hard link cannot replace a file).
outcome<success> place(const fs::path& part, const fs::path& path, bool overwrite) {
  std::error_code ec;
  if (!overwrite) {
    if (::link(part.c_str(), path.c_str()) == 0) {
      fs::remove(part, ec);
      return success{};
    }
    if (errno == EEXIST) return failure::local("FILE_EXISTS", path.string() + " exists (overwrite it with --force).");
    if (fs::exists(fs::symlink_status(path, ec))) {
      return failure::local("FILE_EXISTS", path.string() + " exists (overwrite it with --force).");
    }
  }
  fs::rename(part, path, ec);  // a file system without hard links, or overwrite
  if (ec) return unwritable(path);
  return success{};
}

}  // namespace

outcome<downloaded_file> http_api::download(std::string_view access_token, std::string_view media_id,
                                            const fs::path& target, download_options options) const {
  if (server_.tls && !tls_) return failure::local("BAD_URL", "https needs TLS settings.");
  if (!valid_media_id(media_id)) return failure::local("BAD_MEDIA_ID", "A media id is 22 characters A-Z a-z 0-9 - _.");
  std::error_code ec;
  download_plan plan;
  plan.into_directory = fs::is_directory(target, ec);
  plan.target = target;
  plan.overwrite = options.overwrite;
  plan.timeout = timeout_;
  if (!plan.into_directory && !plan.overwrite && fs::exists(fs::symlink_status(target, ec))) {
    return failure::local("FILE_EXISTS", target.string() + " exists (overwrite it with --force).");
  }
  const fs::path directory = plan.into_directory ? target : target.parent_path().empty() ? "." : target.parent_path();
  const std::string id(media_id);
  plan.part = directory / (".natter-" + id + (options.thumbnail ? "-thumbnail" : "") + ".part");
  plan.req = {http::verb::get, server_.prefix + "/api/v1/media/" + id + (options.thumbnail ? "/thumbnail" : ""), 11};
  plan.req.set(http::field::host, server_.authority());
  plan.req.set(http::field::user_agent, "natter-client/0.1");
  plan.req.set(http::field::authorization, "Bearer " + std::string(access_token));
  auto attempt = [this, &plan] {
    auto exchange = [plan](auto& stream) { return download_exchange(stream, plan); };
    return detail::run_blocking(detail::with_connection<fetched>(server_, tls_, timeout_, std::move(exchange)));
  };
  auto got = attempt();
  const bool again = !got && (got.error().what == failure::kind::connection || got.error().code == "RESTART");
  if (!got && got.error().code == "RESTART") fs::remove(plan.part, ec);
  if (again) got = attempt();  // resumes from what the temp file holds
  if (!got) {
    // A connection failure keeps the temp file for the next call to resume.
    if (got.error().what != failure::kind::connection) fs::remove(plan.part, ec);
    if (got.error().code == "RESTART") return failure::local("BAD_RESPONSE", "The download did not match its size.");
    return got.error();
  }
  if (auto placed = place(plan.part, got->path, plan.overwrite); !placed) {
    fs::remove(plan.part, ec);
    return placed.error();
  }
  return downloaded_file{got->path, got->size, got->mime};
}

}  // namespace natter::client
