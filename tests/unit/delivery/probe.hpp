#pragma once
// A client of one node without a socket: a session_handle in the node's hub
// with the same session_gate, sync and paging a WebSocket session has, which
// records everything it would have sent to its peer. One view per user
// survives reconnects, as a client's memory does.

#include <boost/asio/strand.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cluster.hpp"
#include "delivery/session_gate.hpp"
#include "delivery/session_handle.hpp"

namespace natter::delivery::testing {

// What one user's client has seen, across its connections.
class client_view {
 public:
  struct conversation {
    std::map<seq_t, std::string> entries;  // seq -> fingerprint, from any source
    std::vector<seq_t> live;               // seqs that came live, in arrival order (all connections)
    std::vector<std::string> problems;     // live order broken, live duplicate, ...
    seq_t floor = 0;                       // learned of at this seq without its backlog
    seq_t vouched = 0;                     // the last seq a sync reply vouched for (per connection)
  };

  // The seq up to which the view holds every entry (what a resume asks after).
  seq_t resume_point(conversation_id c) const;
  std::map<conversation_id, seq_t> since() const;
  std::map<conversation_id, conversation> snapshot() const;

  void from_reply(conversation_id c, const protocol::log_event& e);
  void live(const protocol::log_event& e);
  // A new connection: live order restarts (a reconnect may legitimately
  // resend what the last connection got live but the resume point misses).
  void connected();
  void vouched(conversation_id c, seq_t last, bool had_backlog);

 private:
  seq_t resume_point_locked(conversation_id c) const;
  mutable std::mutex mutex_;
  std::map<conversation_id, conversation> conversations_;
  std::map<conversation_id, seq_t> last_live_;  // this connection's
};

class probe final : public session_handle, public std::enable_shared_from_this<probe> {
 public:
  probe(node& at, core::caller who, client_view& view);
  ~probe() override;

  // Joins the hub and syncs (every page, then history for truncated
  // backlogs), as a client does after connecting. False when refused.
  bool connect();
  // Leaves the hub: nothing more arrives.
  void disconnect();

  void deliver_conversation(conversation_id c, seq_t seq, const frame& f) override;
  void deliver_user(const frame&) override {}
  void end_if_session_in(std::shared_ptr<const std::vector<std::string>>) override {}
  void recheck_session() override {}

  std::size_t gate_overflows() const { return overflows_; }

 private:
  boost::asio::awaitable<bool> sync_all();
  // One sync request; `after` moves to the next page's, `more` says whether there is one.
  boost::asio::awaitable<bool> sync_page(conversation_id& after, std::vector<conversation_id>& truncated, bool& more);
  boost::asio::awaitable<bool> fetch_after(conversation_id c);

  node& node_;
  core::caller who_;
  client_view& view_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  session_gate gate_;
  bool joined_ = false;
  std::size_t overflows_ = 0;  // on strand_
};

}  // namespace natter::delivery::testing
