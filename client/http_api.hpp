#pragma once
// The HTTP half of natterd's API that a client needs (docs/protocol.md, part
// 1): accounts, tokens, the profile, and pictures and files (uploads and
// downloads, streamed to and from disk). Blocking calls, each on a private
// io_context with a timeout; safe to call from any thread, and from several
// at once.

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/outcome.hpp"
#include "client/server_url.hpp"
#include "protocol/frames.hpp"

namespace natter::client {

// A user as its owner sees it.
struct account {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string bio;
  std::string email;
  std::int64_t created_at = 0;
};

// What login and refresh give: a short-lived access token for the WebSocket
// and a refresh token for the next refresh (the one given is spent).
struct tokens {
  std::string access_token;
  std::string refresh_token;
  std::chrono::seconds expires_in{0};
  account user;
};

struct registration {
  std::string email;
  std::string username;
  std::string password;
  std::string display_name;  // empty: not sent
};

// PATCH /me: absent fields are left alone.
struct profile_changes {
  std::optional<std::string> display_name;
  std::optional<std::string> bio;
};

// One open session (a login, kept across refreshes), as GET /me/sessions
// lists it.
struct session_info {
  std::string id;
  bool current = false;  // the session of the access token that asked
  std::string user_agent;
  std::string address;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
};

// GET /search: what to look for (docs/protocol.md, "Message search").
struct search_query {
  std::string text;
  std::optional<std::int64_t> conversation_id;
  std::string sender;  // a username; empty: anyone
  int limit = 20;
  std::string cursor;  // next_cursor of the previous page; empty: the first
};

// One message found: where it is, and a bounded piece of its text.
struct search_hit {
  std::int64_t conversation_id = 0;
  std::int64_t message_id = 0;
  std::int64_t seq = 0;
  std::string sender;
  std::int64_t ts = 0;
  std::string snippet;
};

struct search_results {
  std::vector<search_hit> hits;  // newest first
  std::string next_cursor;       // empty: no more
};

// POST /media: how to upload a file.
struct upload_options {
  std::string name;                    // the name others see; empty: the file's own name
  std::string purpose = "attachment";  // or "avatar"
  std::string upload_id;               // empty: a fresh random one (which the retry reuses)
};

// GET /media/{id}: what to fetch and whether it may replace a file.
struct download_options {
  bool thumbnail = false;
  bool overwrite = false;
};

struct downloaded_file {
  std::filesystem::path path;  // where it was written
  std::uint64_t size = 0;
  std::string mime;  // the Content-Type natterd served
};

class http_api {
 public:
  // `tls` is needed for https URLs only.
  http_api(server_url server, std::shared_ptr<boost::asio::ssl::context> tls,
           std::chrono::seconds timeout = std::chrono::seconds(15));

  // Every call fails with kind::refused and the server's error code when the
  // server answered with an error, kind::connection when it could not be
  // reached or did not answer within the timeout.
  outcome<account> register_account(const registration& r) const;
  outcome<tokens> login(std::string_view login, std::string_view password) const;
  outcome<tokens> refresh(std::string_view refresh_token) const;
  outcome<success> logout(std::string_view refresh_token) const;
  outcome<account> me(std::string_view access_token) const;
  outcome<account> update_me(std::string_view access_token, const profile_changes& changes) const;
  // GET /users/{username}: someone's public profile (email empty).
  // Errors: refused NOT_FOUND (also for a name no account could have).
  outcome<account> user(std::string_view access_token, std::string_view username) const;
  // POST /me/password: every other session of the user ends.
  outcome<success> change_password(std::string_view access_token, std::string_view current,
                                   std::string_view next) const;
  // The user's open sessions, the most recently used first.
  outcome<std::vector<session_info>> sessions(std::string_view access_token) const;
  // Ends one session (id), or every other one (id empty).
  outcome<success> end_sessions(std::string_view access_token, std::string_view id) const;

  // Messages of the user's conversations with every word of query.text.
  // Errors: refused VALIDATION_FAILED (no word, too long, limit), RATE_LIMITED.
  outcome<search_results> search(std::string_view access_token, const search_query& query) const;
  // Uploads a regular file: streamed from disk in pieces (never held whole),
  // Content-Length its size, on one connection, once natterd says "100
  // Continue" (after 2 s without it, anyway), while its answer is read: a
  // refusal sends no body, or ends the body early. Retried once when the
  // connection fails, with the same upload_id, so that natterd never stores
  // it twice. Each piece, and the answer, within the timeout (an image is
  // decoded before natterd answers).
  // Errors: refused with natterd's code (PAYLOAD_TOO_LARGE, QUOTA_EXCEEDED,
  // UNSUPPORTED_MEDIA_TYPE, VALIDATION_FAILED, RATE_LIMITED, BUSY, ...),
  // also when it answers before reading the whole body; local
  // FILE_UNREADABLE (missing, not a regular file, unreadable); local
  // FILE_CHANGED (it shrank while being sent); connection.
  outcome<protocol::media> upload(std::string_view access_token, const std::filesystem::path& file,
                                  upload_options options = {}) const;

  // Downloads media `media_id` (or its thumbnail) to `target`: a file path,
  // or an existing directory, where the file takes the name natterd gives it
  // (reduced to a plain file name by local_file_name: never a path from the
  // server). Streamed to a temp file in the target's directory
  // (".natter-<id>.part"), renamed when complete; a download cut off resumes
  // from that temp file with a Range request, in the one retry made here or
  // in a later call for the same id. Never replaces an existing file unless
  // options.overwrite.
  // Errors: refused NOT_FOUND (no such media, or one this user may not read);
  // local BAD_MEDIA_ID; local FILE_EXISTS; local FILE_UNWRITABLE; connection.
  outcome<downloaded_file> download(std::string_view access_token, std::string_view media_id,
                                    const std::filesystem::path& target, download_options options = {}) const;

  const server_url& server() const { return server_; }

  struct response {
    int status = 0;
    std::string body;
  };
  // One request on a fresh connection; any HTTP status is a success here.
  outcome<response> exchange(std::string_view method, std::string_view target, std::string body,
                             std::string_view bearer) const;

 private:
  server_url server_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::chrono::seconds timeout_;
};

}  // namespace natter::client
