#pragma once
// The full-screen chat: one loop on the main thread that takes the session's
// events into the model, polls the keyboard, runs commands and redraws.
// Requests wait (briefly) on their futures; the session never blocks on us.
// Uploads and downloads run on threads of their own (at most
// max_transfers at once), polled like sends.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/e2ee/crypto_session.hpp"
#include "client/session.hpp"
#include "clients/cli/chat_model.hpp"
#include "clients/cli/chat_screen.hpp"
#include "clients/cli/input_line.hpp"
#include "clients/cli/typing_state.hpp"

namespace natter::cli {

class chat_app {
 public:
  // e2ee_dir: where this login's end-to-end encryption state lives (under
  // the config dir); none: encrypted chats cannot be read or written.
  explicit chat_app(client::session& session, std::optional<std::filesystem::path> e2ee_dir = std::nullopt);
  // Runs until /quit; returns the exit code.
  int run();

 private:
  // How long a slash command waits for the server's answer before it says so.
  static constexpr auto command_patience = std::chrono::seconds(10);
  struct sending {
    std::future<client::outcome<protocol::message_reply>> reply;
    std::string client_msg_id;
    bool was_draft = false;
  };
  // /file: the upload runs on a thread of its own; its message is sent when
  // it is done, to the conversation it was started in.
  struct uploading {
    std::future<client::outcome<std::vector<protocol::media>>> media;
    protocol::conversation_id conversation = 0;
    std::string label;
    std::string caption;
    // In an encrypted conversation the file is sealed and uploaded instead
    // (chat_e2ee_files.cpp): then this future is the valid one.
    std::future<client::outcome<client::e2ee::encrypted_file>> sealed = {};
  };
  struct downloading {
    std::future<client::outcome<client::downloaded_file>> file;
  };

  void on_event(const client::session_event& e);
  void on_key(wint_t key, bool is_key);
  void submit(const std::string& line);
  void send(const std::string& text);
  void send_to(chat_conversation& c, const std::string& text, std::vector<protocol::media> attachments,
               std::optional<protocol::message_id> reply_to = std::nullopt,
               std::optional<protocol::message_id> thread_id = std::nullopt);
  void announce_typing();
  std::string typing_line() const;
  void poll_sends();
  void poll_transfers();
  void command_file(const std::string& rest);
  void command_download(const std::string& rest);
  bool transfers_full();
  void scroll(int pages);
  void load_older(chat_conversation& c);
  void reload();
  void opened();
  void divide(chat_conversation& c);
  void learn_names(const chat_conversation& c);
  void command(const std::string& line);
  void command_group(const std::vector<std::string>& words);
  void command_join(const std::string& name);
  void command_leave(const std::string& name);
  void leave(const chat_conversation& c);
  void answer_leave(wint_t key, bool is_key);
  std::string status_line() const;
  void command_answer(bool accept);
  void command_moderate(const std::vector<std::string>& words, const std::string& line);
  template <protocol::room_action A>
  void moderate(const chat_conversation& room, const std::vector<std::string>& words, const std::string& line);
  void command_topic(const std::string& text);
  void command_react(const std::string& emoji, bool add);
  void command_pin(bool pin);
  void command_contacts();
  // /me, /edit, /delete, /reply, /whois, /names, /pins (chat_commands_messages.cpp):
  // false when `line` is none of them.
  bool command_more(const std::vector<std::string>& words, const std::string& line);
  const chat_line* my_last_line(const chat_conversation& c) const;
  void command_edit(const std::string& text);
  void command_delete();
  void command_reply(const std::string& text);
  void command_thread(const std::string& text);
  void command_whois(const std::string& name);
  void command_names();
  void command_pins();
  void help();
  template <class Request>
  bool ask(Request r, const std::string& done_note);
  // End-to-end encryption (chat_e2ee.cpp): the crypto_session, messages
  // decrypted before the model sees them, and the commands.
  void start_e2ee();
  protocol::event readable(const protocol::event& e);
  void make_readable(std::vector<protocol::log_event>& events);
  std::string readable_text(const protocol::message& m);
  void take_notices(std::vector<client::e2ee::notice> notices);
  bool send_encrypted(chat_conversation& c, protocol::send_request& r);
  // Files of encrypted conversations (chat_e2ee_files.cpp): a decrypted
  // message's attachments become its files' names and sizes (a file that
  // cannot be read says so), remembered by media id for /download, and its
  // files for /edit.
  void show_decrypted(protocol::message& m);
  void upload_sealed_file(const chat_conversation& c, const std::filesystem::path& file, const std::string& caption);
  void send_sealed_file(chat_conversation& c, const std::string& caption, client::e2ee::encrypted_file f);
  bool download_sealed_file(const std::string& id, const std::filesystem::path& target);
  void edit_encrypted(const chat_conversation& c, protocol::message_id id, const std::string& text);
  bool command_e2ee(const std::vector<std::string>& words);
  void command_devices(const std::string& name);
  void command_verify(const std::string& name);
  void command_trust(const std::string& name);
  void answer_e2ee(wint_t key, bool is_key);
  void command_backup(const std::string& arg);
  void command_approve(const std::string& device_id);
  void answer_secret(wint_t key, bool is_key);
  void secret_entered(std::string secret);
  std::optional<protocol::user_id> user_id_of(const std::string& name);
  std::string name_of(protocol::user_id id) const;
  std::string title() const;

  client::session& session_;
  chat_screen screen_;
  chat_model model_;
  input_line input_;
  std::vector<sending> sending_;
  std::vector<uploading> uploads_;
  std::vector<downloading> downloads_;
  // /leave without a name asks first (y/n on the status line): which one
  // it would leave.
  struct leave_question {
    protocol::conversation_id id = 0;
    std::string label;
  };

  std::string state_ = "connecting";
  std::string hint_;
  std::string stop_reason_;
  std::optional<leave_question> leaving_;
  // /encrypt and /verify ask first (y/n on the status line).
  struct e2ee_question {
    std::string text;
    protocol::conversation_id conversation = 0;  // /encrypt
    protocol::user_id user = 0;                  // /verify
  };
  std::optional<e2ee_question> e2ee_asking_;
  // /backup setup and /backup restore read the passphrase on the status line
  // without showing it (Enter ends it, Esc cancels).
  enum class secret_for { setup, setup_again, restore };
  struct secret_question {
    std::string prompt;
    secret_for purpose = secret_for::setup;
    std::string first;  // setup: the first entry, to compare with the second
  };
  std::optional<secret_question> secret_asking_;
  std::string secret_typed_;
  std::optional<std::filesystem::path> e2ee_dir_;
  std::unique_ptr<client::e2ee::crypto_session> crypto_;
  std::string e2ee_problem_;  // why there is no crypto_session: shown for encrypted messages
  // What decrypted messages held: each readable file by media id (its key
  // stays in memory only), and each message's files as received (an edit
  // copies them). Bounded by the messages the chat loads.
  std::map<std::string, client::e2ee::encrypted_file> sealed_files_;
  std::map<protocol::message_id, boost::json::value> files_of_;
  std::map<protocol::user_id, std::string> usernames_;
  std::vector<std::string> panel_;  // /help, /contacts: over the messages until the next key
  typing_state typing_;
  protocol::conversation_id shown_id_ = 0;  // the conversation on screen at the last opened()
  std::string id_prefix_;
  std::uint64_t sent_ = 0;
  bool quit_ = false;
  bool dirty_ = true;
};

}  // namespace natter::cli
