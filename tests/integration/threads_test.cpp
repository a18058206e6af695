// Threads: replies under a root message, in the conversation's one seq
// order; the root's thread in history and sync, the thread's own pages and
// unread count, the resume after a reconnect, permissions and bad input.
#include <string>
#include <vector>

#include "integration/reactions_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class threads : public reactions_test {
 protected:
  void SetUp() override {
    reactions_test::SetUp();
    alice_->event("message");  // her own "hello"
  }

  object reply_in_thread(ws_client& ws, std::int64_t root, const std::string& text) {
    return ws.request({{"type", "message.send"},
                       {"conversation_id", chat_},
                       {"client_msg_id", next_client_id()},
                       {"text", text},
                       {"thread_id", root}});
  }
  object reply_ok(ws_client& ws, std::int64_t root, const std::string& text) {
    auto r = reply_in_thread(ws, root, text);
    EXPECT_FALSE(r.contains("error")) << boost::json::serialize(r);
    return r.at("message").as_object();
  }
  object thread_page(ws_client& ws, std::int64_t root, object extra = {}) {
    object req{{"type", "thread.history"}, {"conversation_id", chat_}, {"thread_id", root}};
    for (const auto& [k, v] : extra) req[k] = v;
    return ws.ok(std::move(req));
  }
};

// The message of id among a history or sync reply's events.
object message_in(const array& events, std::int64_t id) {
  for (const auto& e : events) {
    if (e.at("type") == "message" && e.at("message").at("id").as_int64() == id) return e.at("message").as_object();
  }
  ADD_FAILURE() << "message " << id << " is not in the events";
  return {};
}

TEST_F(threads, a_reply_takes_the_next_seq_and_reaches_every_member_with_its_thread_id) {
  auto sent = reply_ok(*bob_, message_, "a reply");
  EXPECT_EQ(sent.at("thread_id").as_int64(), message_);
  EXPECT_EQ(sent.at("seq").as_int64(), 2) << "one seq order for the conversation";
  auto e = alice_->event("message");
  EXPECT_EQ(e.at("message").at("thread_id").as_int64(), message_);
  EXPECT_EQ(e.at("message").at("seq").as_int64(), 2);
  EXPECT_EQ(bob_->event("message").at("message").at("seq").as_int64(), 2) << "the sender's other sessions too";
  auto plain = send_in(*alice_, chat_, "not in a thread");
  EXPECT_FALSE(plain.at("message").as_object().contains("thread_id"));
  EXPECT_EQ(plain.at("message").at("seq").as_int64(), 3);
}

TEST_F(threads, history_and_sync_show_the_roots_thread_with_the_readers_unread) {
  reply_ok(*bob_, message_, "one");
  auto last = reply_ok(*bob_, message_, "two");
  auto events = alice_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array();
  ASSERT_EQ(events.size(), 3U) << "the replies are entries of the conversation's log";
  auto thread = message_in(events, message_).at("thread").as_object();
  EXPECT_EQ(thread.at("replies").as_int64(), 2);
  EXPECT_EQ(thread.at("last_reply_seq").as_int64(), last.at("seq").as_int64());
  EXPECT_EQ(thread.at("last_reply_ts").as_int64(), last.at("ts").as_int64());
  EXPECT_EQ(thread.at("unread").as_int64(), 2) << "bob's replies, unread by alice";
  EXPECT_EQ(events[1].at("message").at("thread_id").as_int64(), message_);
  EXPECT_FALSE(events[1].at("message").as_object().contains("thread")) << "only roots have a thread";
  auto bobs = bob_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array();
  EXPECT_EQ(message_in(bobs, message_).at("thread").at("unread").as_int64(), 0) << "his own replies";
  object since{{std::to_string(chat_), 0}};
  auto sync = alice_->ok({{"type", "sync"}, {"since", since}}).at("conversations").at(0).at("events").as_array();
  EXPECT_EQ(message_in(sync, message_).at("thread").as_object(), thread);
}

TEST_F(threads, a_threads_pages_go_backward_and_hold_only_its_replies) {
  auto other = send_in(*alice_, chat_, "another root").at("message").at("id").as_int64();
  bob_->event("message");
  std::vector<std::int64_t> seqs;
  for (int i = 0; i < 5; ++i) {
    seqs.push_back(reply_ok(*bob_, message_, "r" + std::to_string(i)).at("seq").as_int64());
    reply_ok(*alice_, other, "o" + std::to_string(i));
  }
  auto page = thread_page(*alice_, message_, {{"limit", 2}});
  EXPECT_EQ(page.at("root").at("id").as_int64(), message_);
  EXPECT_EQ(page.at("root").at("thread").at("replies").as_int64(), 5);
  auto replies = page.at("replies").as_array();
  ASSERT_EQ(replies.size(), 2U);
  EXPECT_EQ(replies[0].at("seq").as_int64(), seqs[3]) << "oldest first";
  EXPECT_EQ(replies[1].at("text"), "r4");
  EXPECT_TRUE(page.at("has_more").as_bool());
  auto older = thread_page(*alice_, message_, {{"limit", 10}, {"before_seq", seqs[3]}});
  auto rest = older.at("replies").as_array();
  ASSERT_EQ(rest.size(), 3U);
  EXPECT_EQ(rest[0].at("text"), "r0");
  EXPECT_FALSE(older.at("has_more").as_bool());
}

TEST_F(threads, replies_to_what_cannot_have_a_thread_are_refused_and_take_no_seq) {
  auto theirs = send_to(*carol_, "@alice", "hi alice").at("message").at("id").as_int64();
  auto in_thread = reply_ok(*bob_, message_, "a reply").at("id").as_int64();
  auto gone = send_in(*alice_, chat_, "soon gone").at("message").at("id").as_int64();
  alice_->ok({{"type", "message.delete"}, {"message_id", gone}});
  for (auto bad : {theirs, std::int64_t{999999}, in_thread, gone}) {
    auto refused = reply_in_thread(*bob_, bad, "no");
    EXPECT_EQ(code_of(refused), "VALIDATION_FAILED") << bad;
    EXPECT_EQ(refused.at("error").at("field"), "thread_id");
  }
  EXPECT_EQ(send_in(*bob_, chat_, "next").at("message").at("seq").as_int64(), 5) << "nothing refused took a seq";
  auto by_name = bob_->request(
      {{"type", "message.send"}, {"to", "@alice"}, {"client_msg_id", "n1"}, {"text", "x"}, {"thread_id", message_}});
  EXPECT_EQ(code_of(by_name), "VALIDATION_FAILED") << "a thread is named with its conversation_id";
}

TEST_F(threads, only_members_reply_page_or_read_a_thread) {
  auto sent = carol_->request({{"type", "message.send"},
                               {"conversation_id", chat_},
                               {"client_msg_id", "c1"},
                               {"text", "let me in"},
                               {"thread_id", message_}});
  EXPECT_EQ(code_of(sent), "NOT_A_MEMBER");
  EXPECT_EQ(carol_->error_of({{"type", "thread.history"}, {"conversation_id", chat_}, {"thread_id", message_}}),
            "NOT_A_MEMBER");
  EXPECT_EQ(
      carol_->error_of({{"type", "thread.read"}, {"conversation_id", chat_}, {"thread_id", message_}, {"seq", 1}}),
      "NOT_A_MEMBER");
}

TEST_F(threads, thread_requests_refuse_bad_input) {
  auto reply = reply_ok(*bob_, message_, "a reply").at("id").as_int64();
  EXPECT_EQ(alice_->error_of({{"type", "thread.history"}, {"conversation_id", chat_}, {"thread_id", reply}}),
            "NOT_FOUND")
      << "a reply has no thread of its own";
  EXPECT_EQ(alice_->error_of({{"type", "thread.history"}, {"conversation_id", chat_}, {"thread_id", 999999}}),
            "NOT_FOUND");
  EXPECT_EQ(alice_->error_of({{"type", "thread.history"}, {"conversation_id", chat_}}), "BAD_REQUEST");
  for (int limit : {0, 101}) {
    EXPECT_EQ(alice_->error_of(
                  {{"type", "thread.history"}, {"conversation_id", chat_}, {"thread_id", message_}, {"limit", limit}}),
              "VALIDATION_FAILED");
  }
  EXPECT_EQ(
      alice_->error_of(
          {{"type", "thread.history"}, {"conversation_id", chat_}, {"thread_id", message_}, {"before_seq", "soon"}}),
      "BAD_REQUEST");
  EXPECT_EQ(
      alice_->error_of({{"type", "thread.read"}, {"conversation_id", chat_}, {"thread_id", message_}, {"seq", -1}}),
      "VALIDATION_FAILED");
  EXPECT_EQ(alice_->error_of({{"type", "thread.read"}, {"conversation_id", chat_}, {"thread_id", reply}, {"seq", 2}}),
            "NOT_FOUND");
  auto wrong = bob_->request({{"type", "message.send"},
                              {"conversation_id", chat_},
                              {"client_msg_id", "w1"},
                              {"text", "x"},
                              {"thread_id", "root"}});
  EXPECT_EQ(code_of(wrong), "BAD_REQUEST");
}

TEST_F(threads, the_count_a_client_holds_follows_the_live_replies_exactly) {
  reply_ok(*bob_, message_, "one");
  alice_->event("message");
  auto events = alice_->ok({{"type", "history"}, {"conversation_id", chat_}}).at("events").as_array();
  auto thread = message_in(events, message_).at("thread").as_object();
  std::int64_t count = thread.at("replies").as_int64();
  std::int64_t last = thread.at("last_reply_seq").as_int64();
  for (int i = 0; i < 3; ++i) reply_ok(*bob_, message_, "more " + std::to_string(i));
  for (int i = 0; i < 3; ++i) {
    auto live = alice_->event("message").at("message").as_object();
    ASSERT_EQ(live.at("thread_id").as_int64(), message_);
    if (live.at("seq").as_int64() > last) {  // the client's rule (docs/protocol.md, "Threads")
      ++count;
      last = live.at("seq").as_int64();
    }
  }
  auto page = thread_page(*alice_, message_);
  EXPECT_EQ(page.at("root").at("thread").at("replies").as_int64(), count);
  EXPECT_EQ(page.at("root").at("thread").at("last_reply_seq").as_int64(), last);
}

TEST_F(threads, a_client_that_reconnects_gets_the_replies_it_missed_once_each) {
  bob_.reset();
  std::vector<std::int64_t> missed;
  for (int i = 0; i < 3; ++i)
    missed.push_back(reply_ok(*alice_, message_, "missed " + std::to_string(i)).at("id").as_int64());
  bob_ = connect(bob_session_, false);
  object since{{std::to_string(chat_), 1}};
  auto conv = bob_->ok({{"type", "sync"}, {"since", since}}).at("conversations").at(0).as_object();
  auto events = conv.at("events").as_array();
  ASSERT_EQ(events.size(), 3U);
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].at("message").at("id").as_int64(), missed[i]);
    EXPECT_EQ(events[i].at("message").at("thread_id").as_int64(), message_);
  }
  EXPECT_EQ(conv.at("last_seq").as_int64(), 4);
  reply_ok(*alice_, message_, "live");
  auto live = bob_->event("message").at("message").as_object();
  EXPECT_EQ(live.at("seq").as_int64(), 5) << "nothing the sync carried comes again";
  EXPECT_EQ(live.at("text"), "live");
}

TEST_F(threads, a_readers_unread_count_follows_the_mark_and_leaves_out_own_and_deleted_replies) {
  auto first = reply_ok(*alice_, message_, "one");
  auto second = reply_ok(*alice_, message_, "two");
  reply_ok(*alice_, message_, "three");
  auto gone = reply_ok(*alice_, message_, "oops");
  alice_->ok({{"type", "message.delete"}, {"message_id", gone.at("id").as_int64()}});
  auto page = thread_page(*bob_, message_);
  EXPECT_EQ(page.at("root").at("thread").at("unread").as_int64(), 3);
  EXPECT_EQ(page.at("root").at("thread").at("replies").as_int64(), 4) << "a deleted reply stays in the thread";
  EXPECT_EQ(page.at("read_seq").as_int64(), 0);
  auto read = bob_->ok(
      {{"type", "thread.read"}, {"conversation_id", chat_}, {"thread_id", message_}, {"seq", second.at("seq")}});
  EXPECT_EQ(read.at("unread").as_int64(), 1);
  EXPECT_EQ(thread_page(*bob_, message_).at("read_seq").as_int64(), second.at("seq").as_int64());
  auto lower = bob_->ok(
      {{"type", "thread.read"}, {"conversation_id", chat_}, {"thread_id", message_}, {"seq", first.at("seq")}});
  EXPECT_EQ(lower.at("unread").as_int64(), 1) << "a read mark never goes back";
  reply_ok(*bob_, message_, "caught up");
  EXPECT_EQ(thread_page(*bob_, message_).at("root").at("thread").at("unread").as_int64(), 0)
      << "replying reads the thread";
  auto past_the_end =
      bob_->ok({{"type", "thread.read"}, {"conversation_id", chat_}, {"thread_id", message_}, {"seq", 1000000}});
  EXPECT_EQ(past_the_end.at("unread").as_int64(), 0);
}

}  // namespace
}  // namespace natter::testing
