#include "media/uploads.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "common/on_pool.hpp"
#include "core/secrets.hpp"
#include "media/content_type.hpp"
#include "media/upload_names.hpp"
#include "store/store.hpp"

namespace natter::media {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

// Lower-case hex of a SHA-256 digest: a blob's name.
std::string hex_of(const std::array<unsigned char, crypto_hash_sha256_BYTES>& digest) {
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> text{};
  sodium_bin2hex(text.data(), text.size(), digest.data(), digest.size());
  return std::string(text.data(), crypto_hash_sha256_BYTES * 2);
}

// SHA-256 (hex) and size of a file. Blocking.
std::pair<std::string, std::int64_t> hash_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw store::failure("media: cannot open a processed image");
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::array<unsigned char, std::size_t{64} * 1024> buffer{};
  std::int64_t size = 0;
  for (;;) {
    const auto n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    crypto_hash_sha256_update(&state, buffer.data(), static_cast<unsigned long long>(n));
    size += n;
  }
  ::close(fd);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  return {hex_of(digest), size};
}

}  // namespace

class upload {
 public:
  upload(uploads& parent, store::user_id owner, upload_request request, fs::path path, int fd)
      : parent_(parent), owner_(owner), request_(std::move(request)), path_(std::move(path)), fd_(fd) {
    crypto_hash_sha256_init(&hash_);
  }
  ~upload() {
    close_file();
    // The scratch file is gone once the blob store took it; else remove it,
    // off this thread.
    asio::post(parent_.files_, [path = path_] {
      std::error_code ignored;
      fs::remove(path, ignored);
    });
    parent_.release(owner_);
  }
  upload(const upload&) = delete;
  upload& operator=(const upload&) = delete;

  // Blocking (on the file pool).
  void write(std::string_view piece) {
    const auto head_room = std::min(piece.size(), head_.size() - head_size_);
    std::memcpy(head_.data() + head_size_, piece.data(), head_room);
    head_size_ += head_room;
    crypto_hash_sha256_update(&hash_, reinterpret_cast<const unsigned char*>(piece.data()), piece.size());
    for (std::size_t done = 0; done < piece.size();) {
      const auto n = ::write(fd_, piece.data() + done, piece.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw store::failure("media: cannot write an upload: " + std::generic_category().message(errno));
      done += static_cast<std::size_t>(n);
    }
    size_ += piece.size();
  }

  void close_file() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  std::string digest() {
    std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
    crypto_hash_sha256_final(&hash_, out.data());
    return hex_of(out);
  }

  uploads& parent_;
  store::user_id owner_;
  upload_request request_;
  fs::path path_;
  int fd_;
  crypto_hash_sha256_state hash_{};
  std::uint64_t size_ = 0;
  std::array<unsigned char, 16> head_{};
  std::size_t head_size_ = 0;
};

// 128 random bits as 22 URL-safe characters, the first a letter or digit: an
// id starting with '-' would read as an option on a command line.
std::string new_media_id() {
  for (;;) {
    auto id = core::random_token(16);
    if (std::isalnum(static_cast<unsigned char>(id.front()))) return id;
  }
}

void upload_deleter::operator()(upload* u) const noexcept {
  delete u;
}

uploads::uploads(store::database& db, store::blob_store& blobs, image_pool& images, asio::thread_pool& files,
                 const clock& clock, upload_limits limits)
    : db_(db),
      blobs_(blobs),
      images_(images),
      files_(files),
      clock_(clock),
      limits_(limits),
      started_(limits.per_user, clock) {}

uploads::~uploads() = default;

void uploads::release(store::user_id owner) {
  const std::lock_guard lock(mutex_);
  if (--in_progress_[owner] <= 0) in_progress_.erase(owner);
}

asio::awaitable<result<std::variant<upload_handle, store::media_record>>> uploads::begin(store::user_id owner,
                                                                                         upload_request request) {
  if (!request.upload_id.empty() && !valid_upload_id(request.upload_id)) {
    co_return validation_error("upload_id", "1 to 64 characters: A-Z, a-z, 0-9, _ and -.");
  }
  if (request.length && *request.length > limits_.max_bytes) co_return errc::payload_too_large;
  using known_uploads = std::pair<std::optional<store::media_record>, std::int64_t>;
  auto known = [owner, id = request.upload_id](store::store& s) -> result<known_uploads> {
    std::optional<store::media_record> earlier;
    if (!id.empty()) earlier = s.media_by_upload_id(owner, id);
    return known_uploads{std::move(earlier), s.media_bytes_of(owner)};
  };
  auto looked_up = co_await db_.read(std::move(known));
  if (!looked_up) co_return std::move(looked_up).err();
  auto& [earlier, used] = *looked_up;
  if (earlier) co_return std::move(*earlier);
  if (request.length && used + static_cast<std::int64_t>(*request.length) > limits_.quota_bytes) {
    co_return errc::quota_exceeded;
  }
  if (used >= limits_.quota_bytes) co_return errc::quota_exceeded;
  if (auto wait = started_.acquire(std::to_string(owner))) co_return rate_limited_error(*wait);
  {
    const std::lock_guard lock(mutex_);
    auto& n = in_progress_[owner];
    if (n >= limits_.at_once_per_user) co_return rate_limited_error(std::chrono::seconds(5));
    ++n;
  }
  auto path = blobs_.scratch_dir() / ("upload-" + core::random_token(12));
  auto open = [path] { return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); };
  const int fd = co_await on_pool(files_, std::move(open));
  if (fd < 0) {
    release(owner);
    co_return error(errc::internal, "The upload cannot be stored.");
  }
  co_return upload_handle(new upload(*this, owner, std::move(request), std::move(path), fd));
}

asio::awaitable<status> uploads::append(upload& u, std::string_view piece) {
  if (u.size_ + piece.size() > limits_.max_bytes) co_return errc::payload_too_large;
  auto write = [&u, piece] {
    u.write(piece);
    return true;
  };
  co_await on_pool(files_, std::move(write));
  co_return ok;
}

asio::awaitable<result<store::media_record>> uploads::finish(upload_handle u) {
  if (u->size_ == 0) co_return validation_error("file", "The file is empty.");
  u->close_file();
  if (u->request_.purpose == upload_purpose::encrypted) co_return co_await finish_encrypted(*u);
  const auto kind = sniff(std::span<const unsigned char>(u->head_.data(), u->head_size_));
  const bool avatar = u->request_.purpose == upload_purpose::avatar;
  if (avatar && kind == content_kind::other) {
    co_return error(errc::unsupported_media_type, "An avatar must be a PNG, JPEG, GIF or WebP image.");
  }
  store::media_record m;
  m.id = new_media_id();
  m.owner = u->owner_;
  m.name = safe_file_name(u->request_.name);
  m.upload_id = u->request_.upload_id;
  m.created_at = clock_.now_ms();
  if (kind == content_kind::other) {
    co_return co_await finish_file(*u, std::move(m), "application/octet-stream");
  }
  m.kind = avatar ? "avatar" : "image";
  co_return co_await finish_image(*u, std::move(m), kind);
}

// Ciphertext: never sniffed (random bytes may begin like an image) and named
// "encrypted" whatever the client said, so that no real name is kept by
// mistake; the real one travels inside the encrypted message.
asio::awaitable<result<store::media_record>> uploads::finish_encrypted(upload& u) {
  store::media_record m;
  m.id = new_media_id();
  m.owner = u.owner_;
  m.name = "encrypted";
  m.upload_id = u.request_.upload_id;
  m.created_at = clock_.now_ms();
  co_return co_await finish_file(u, std::move(m), store::encrypted_file_mime);
}

asio::awaitable<result<store::media_record>> uploads::finish_file(upload& u, store::media_record m,
                                                                  std::string_view mime) {
  m.kind = "file";
  m.mime = mime;
  m.size = static_cast<std::int64_t>(u.size_);
  m.blob = u.digest();
  const stored_blob blob{m.blob, m.size};  // named: GCC 12
  if (auto stored = co_await store_blob(u.path_, blob); !stored) co_return std::move(stored).err();
  co_return co_await record(std::move(m));
}

asio::awaitable<result<store::media_record>> uploads::finish_image(upload& u, store::media_record m,
                                                                   content_kind kind) {
  const auto purpose = m.kind == "avatar" ? image_purpose::avatar : image_purpose::picture;
  auto processed = co_await images_.process(u.path_, kind, purpose, blobs_.scratch_dir());
  if (!processed) co_return std::move(processed).err();
  auto hash_both = [p = *processed] { return std::pair{hash_file(p.main), hash_file(p.thumbnail)}; };
  auto [main, thumb] = co_await on_pool(files_, std::move(hash_both));
  m.mime = processed->mime;
  m.size = main.second;
  m.blob = main.first;
  m.thumbnail_blob = thumb.first;
  m.thumbnail_size = thumb.second;
  m.thumbnail_mime = processed->thumbnail_mime;
  m.width = processed->width;
  m.height = processed->height;
  m.thumbnail_width = processed->thumbnail_width;
  m.thumbnail_height = processed->thumbnail_height;
  m.colour = processed->colour;
  const stored_blob main_blob{m.blob, m.size}, thumbnail_blob{m.thumbnail_blob, m.thumbnail_size};  // named: GCC 12
  auto stored = co_await store_blob(processed->main, main_blob);
  if (stored) {
    stored = co_await store_blob(processed->thumbnail, thumbnail_blob);
  }
  auto cleanup = [p = *processed] {
    std::error_code ignored;
    fs::remove(p.main, ignored);  // nothing once the blob store took them
    fs::remove(p.thumbnail, ignored);
    return true;
  };
  co_await on_pool(files_, std::move(cleanup));
  if (!stored) co_return std::move(stored).err();
  co_return co_await record(std::move(m));
}

asio::awaitable<status> uploads::store_blob(const fs::path& file, const stored_blob& blob) {
  asio::steady_timer wait(co_await asio::this_coro::executor);
  for (int attempt = 0;; ++attempt) {
    auto claim = [blob, until = clock_.now_ms() + limits_.pin.count()](store::store& s) -> result<bool> {
      return s.claim_blob(blob.hash, blob.size, until);
    };
    auto claimed = co_await db_.write(std::move(claim));
    if (!claimed) co_return std::move(claimed).err();
    if (*claimed) break;
    // The collector is freeing these very bytes: it is done in moments.
    if (attempt == 20) co_return errc::busy;
    wait.expires_after(std::chrono::milliseconds(100));
    co_await wait.async_wait(asio::use_awaitable);
  }
  auto put = [this, file, hash = blob.hash] {
    blobs_.put(hash, file);
    return true;
  };
  try {
    co_await on_pool(files_, std::move(put));
  } catch (const store::failure&) {
    co_return errc::store_unavailable;
  }
  co_return ok;
}

asio::awaitable<result<store::media_record>> uploads::record(store::media_record m) {
  // The media row holds the blobs now: the upload's pins go with it. The
  // quota is checked again here, in the write: uploads without a
  // Content-Length, and several at once, are counted exactly.
  auto insert = [m, quota = limits_.quota_bytes](store::store& s) -> result<store::media_record> {
    if (s.media_bytes_of(m.owner) + m.size + m.thumbnail_size > quota) return errc::quota_exceeded;
    auto stored = s.insert_media(m);
    s.release_blob(m.blob);
    if (!m.thumbnail_blob.empty()) s.release_blob(m.thumbnail_blob);
    return stored;
  };
  co_return co_await db_.write(std::move(insert));
}

}  // namespace natter::media
