// /api/v1/media: uploads (the body streamed to storage, never held whole)
// and downloads (Range, ETag, streamed from the blob store).

#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <charconv>

#include "api/byte_range.hpp"
#include "api/routes.hpp"
#include "core/attachments.hpp"
#include "media/downloads.hpp"
#include "media/uploads.hpp"
#include "protocol/frame_json.hpp"
#include "protocol/json_write.hpp"

namespace natter::api {

namespace asio = boost::asio;
using boost::json::object;

namespace {

boost::json::value media_json(const store::media_record& m) {
  return protocol::to_json(core::media_view(m), {});
}

result<media::upload_request> upload_request_of(const request_context& ctx) {
  media::upload_request r;
  r.name = query_param(ctx.req.target(), "name");
  r.upload_id = query_param(ctx.req.target(), "upload_id");
  const auto purpose = query_param(ctx.req.target(), "purpose");
  if (purpose == "avatar") {
    r.purpose = media::upload_purpose::avatar;
  } else if (purpose == "encrypted") {
    r.purpose = media::upload_purpose::encrypted;
  } else if (!purpose.empty() && purpose != "attachment") {
    return validation_error("purpose", "attachment, avatar or encrypted.");
  }
  if (ctx.req.has_content_length()) {
    std::uint64_t length = 0;
    const auto text = ctx.req[http::field::content_length];
    std::from_chars(text.data(), text.data() + text.size(), length);
    r.length = length;
  }
  return r;
}

// Reads the body into the upload piece by piece.
asio::awaitable<status> receive(media::uploads& uploads, media::upload& u, transport::body_reader& body) {
  for (;;) {
    boost::system::error_code ec;
    auto piece = co_await body.next(ec);
    if (ec == http::error::body_limit) co_return errc::payload_too_large;
    if (ec) co_return error(errc::bad_request, "The upload was cut off.");
    if (piece.empty()) co_return ok;
    if (auto appended = co_await uploads.append(u, piece); !appended) co_return appended;
  }
}

asio::awaitable<transport::response> upload(core::accounts& accounts, media::uploads& uploads, request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto request = upload_request_of(ctx);
  if (!request) co_return error_response(request.err());
  auto begun = co_await uploads.begin(caller->user, std::move(*request));
  if (!begun) co_return error_response(begun.err());
  if (auto* earlier = std::get_if<store::media_record>(&*begun)) {
    co_return json_response(http::status::ok, object{{"media", media_json(*earlier)}});
  }
  auto u = std::move(std::get<media::upload_handle>(*begun));
  if (auto received = co_await receive(uploads, *u, *ctx.body); !received) co_return error_response(received.err());
  auto stored = co_await uploads.finish(std::move(u));
  if (!stored) co_return error_response(stored.err());
  co_return json_response(http::status::created, object{{"media", media_json(*stored)}});
}

// Gives a blob's bytes from offset, piece by piece.
class blob_source final : public transport::body_source {
 public:
  blob_source(media::downloads& downloads, std::string blob, std::uint64_t offset, std::uint64_t length)
      : downloads_(downloads), blob_(std::move(blob)), offset_(offset), left_(length) {}

  asio::awaitable<std::string> next() override {
    if (left_ == 0) co_return std::string();
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left_, media::downloads::piece_bytes));
    auto piece = co_await downloads_.read(blob_, offset_, want);
    if (piece.empty()) throw std::runtime_error("media: a blob ended early");
    offset_ += piece.size();
    left_ -= std::min<std::uint64_t>(left_, piece.size());
    co_return piece;
  }

 private:
  media::downloads& downloads_;
  std::string blob_;
  std::uint64_t offset_;
  std::uint64_t left_;
};

// A file name for Content-Disposition: the stored name is safe already
// (no quotes, backslashes or control characters); the ASCII fallback
// replaces everything else.
std::string disposition(const media::download& d) {
  std::string ascii;
  for (char c : d.name) ascii += (static_cast<unsigned char>(c) < 0x80) ? c : '_';
  std::string encoded;
  for (unsigned char c : d.name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  return fmt::format("{}; filename=\"{}\"; filename*=UTF-8''{}", d.image ? "inline" : "attachment", ascii, encoded);
}

transport::response download_head(const media::download& d) {
  transport::response res{http::status::ok, 11};
  res.set(http::field::content_type, d.image ? d.mime : "application/octet-stream");
  res.set(http::field::content_disposition, disposition(d));
  res.set("Content-Security-Policy", "default-src 'none'; sandbox");
  res.set(http::field::etag, "\"" + d.blob + "\"");
  res.set(http::field::cache_control, "private, max-age=31536000, immutable");
  res.set(http::field::accept_ranges, "bytes");
  return res;
}

// The caller when the request has a bearer token; nothing when it has none.
asio::awaitable<result<std::optional<store::user_id>>> optional_reader(core::accounts& accounts, request_context& ctx) {
  if (ctx.req.find(http::field::authorization) == ctx.req.end()) co_return std::optional<store::user_id>{};
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return std::move(caller).err();
  co_return std::optional<store::user_id>{caller->user};
}

asio::awaitable<transport::response> serve(core::accounts& accounts, media::downloads& downloads, request_context& ctx,
                                           bool thumbnail) {
  auto reader = co_await optional_reader(accounts, ctx);
  if (!reader) co_return error_response(reader.err());
  const auto id = ctx.params["id"];
  if (!core::valid_media_id(id)) co_return error_response(errc::not_found);
  auto found = co_await downloads.open(id, *reader, thumbnail);
  if (!found) co_return error_response(found.err());
  auto res = download_head(*found);
  if (ctx.req[http::field::if_none_match] == res[http::field::etag]) {
    res.result(http::status::not_modified);
    co_return res;
  }
  const auto size = static_cast<std::uint64_t>(found->size);
  const auto range = parse_byte_range(ctx.req[http::field::range], size);
  if (range.unsatisfiable) {
    auto refused = error_response(errc::range_not_satisfiable);
    refused.set(http::field::content_range, fmt::format("bytes */{}", size));
    co_return refused;
  }
  std::uint64_t first = 0, length = size;
  if (range.first) {
    first = *range.first;
    length = *range.last - first + 1;
    res.result(http::status::partial_content);
    res.set(http::field::content_range, fmt::format("bytes {}-{}/{}", first, *range.last, size));
  }
  res.content_length(length);
  ctx.stream = std::make_unique<blob_source>(downloads, found->blob, first, length);
  co_return res;
}

}  // namespace

void add_media_routes(router& r, core::accounts& accounts, media::uploads& uploads, media::downloads& downloads) {
  r.add(
      http::verb::post, "/api/v1/media",
      [&accounts, &uploads](request_context& ctx) { return upload(accounts, uploads, ctx); }, true);
  r.add(http::verb::get, "/api/v1/media/{id}",
        [&accounts, &downloads](request_context& ctx) { return serve(accounts, downloads, ctx, false); });
  r.add(http::verb::get, "/api/v1/media/{id}/thumbnail",
        [&accounts, &downloads](request_context& ctx) { return serve(accounts, downloads, ctx, true); });
}

}  // namespace natter::api
