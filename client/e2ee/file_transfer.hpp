#pragma once
// Uploading and downloading files of encrypted conversations over a session
// (docs/client-library.md, "Encrypted files"): the file is sealed
// (file_crypto.hpp) before it leaves, and only its ciphertext is uploaded
// (POST /api/v1/media?purpose=encrypted, under the name "encrypted"); a
// download is opened before anyone sees it. The ciphertext passes through a
// temporary file of the user's own (0600, removed at once), never the
// plaintext.
//
// Blocking: call from the thread that owns the crypto_session, never from
// the session's own thread.

#include <filesystem>
#include <string>

#include "client/e2ee/file_crypto.hpp"
#include "client/outcome.hpp"
#include "client/session.hpp"

namespace natter::client::e2ee {

// Seals the file at path and uploads it: its entry, named after the file
// (file_name_for_entry), typed by its extension (mime_for_file_name), ready
// for crypto_session::send(r, files). Errors: local FILE_TOO_LARGE (past
// max_sealed_plain, before anything is uploaded), local FILE_UNREADABLE,
// the server's (PAYLOAD_TOO_LARGE, QUOTA_EXCEEDED, ...), connection.
outcome<encrypted_file> upload_sealed(session& s, const std::filesystem::path& path);

// Downloads f's upload and opens it. Errors: local DAMAGED ("the file was
// changed or damaged": it does not open, or its length is not f.size), the
// server's (NOT_FOUND), connection.
outcome<std::string> download_sealed(session& s, const encrypted_file& f);

// What a sender puts in "mime" for a file called name: the type of a few
// common extensions, else application/octet-stream.
std::string mime_for_file_name(std::string_view name);

}  // namespace natter::client::e2ee
