#include "media/downloads.hpp"

#include "common/on_pool.hpp"
#include "store/store.hpp"

namespace natter::media {

namespace asio = boost::asio;

downloads::downloads(store::database& db, store::blob_store& blobs, asio::thread_pool& files)
    : db_(db), blobs_(blobs), files_(files) {}

asio::awaitable<result<download>> downloads::open(std::string id, std::optional<store::user_id> reader,
                                                  bool thumbnail) {
  auto look = [id, reader](store::store& s) -> result<std::optional<store::media_record>> {
    auto m = s.media_by_id(id);
    if (!m) return std::optional<store::media_record>{};
    if (m->kind == "avatar") return m;
    if (!reader || !s.media_readable(id, *reader)) return std::optional<store::media_record>{};
    return m;
  };
  auto found = co_await db_.read(std::move(look));
  if (!found) co_return std::move(found).err();
  if (!*found) co_return errc::not_found;
  const auto& m = **found;
  if (!thumbnail) co_return download{m.blob, m.mime, m.size, m.name, m.kind != "file"};
  if (m.thumbnail_blob.empty()) co_return errc::not_found;
  co_return download{m.thumbnail_blob, m.thumbnail_mime, m.thumbnail_size, m.name, true};
}

asio::awaitable<std::string> downloads::read(std::string blob, std::uint64_t offset, std::size_t max) {
  auto get = [this, blob = std::move(blob), offset, max] { return blobs_.read(blob, offset, max); };
  co_return co_await on_pool(files_, std::move(get));
}

}  // namespace natter::media
