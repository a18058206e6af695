// Conformance: media rows, who may read them, attachments kept with their
// messages, and the blob bookkeeping the collector relies on.

#include <set>
#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {
namespace {

media_record make_media(const std::string& id, user_id owner, const std::string& kind, const std::string& blob,
                        unix_ms at = t0) {
  media_record m;
  m.id = id;
  m.owner = owner;
  m.kind = kind;
  m.name = "name of " + id;
  m.mime = kind == "file" ? "application/octet-stream" : "image/png";
  m.size = 100;
  m.blob = blob;
  if (kind != "file") {
    m.thumbnail_blob = blob + "-thumb";
    m.thumbnail_mime = "image/jpeg";
    m.thumbnail_size = 10;
    m.width = 640;
    m.height = 480;
    m.thumbnail_width = 320;
    m.thumbnail_height = 240;
    m.colour = "#102030";
  }
  m.created_at = at;
  return m;
}

attachment_record attachment_of(const media_record& m) {
  return {m.id, m.kind, m.name, m.mime, m.size, m.width, m.height, m.thumbnail_width, m.thumbnail_height, m.colour};
}

TEST_P(conversation_conformance, media_is_stored_once_per_upload_id_and_counted_against_its_owner) {
  const auto alice = add_user("alice");
  auto first = make_media("m-1", alice.id, "image", "blob-1");
  first.upload_id = "retry-1";
  EXPECT_EQ(writer().insert_media(first).id, "m-1");
  auto again = make_media("m-2", alice.id, "image", "blob-2");
  again.upload_id = "retry-1";
  EXPECT_EQ(writer().insert_media(again).id, "m-1") << "the upload stored before";
  EXPECT_FALSE(writer().media_by_id("m-2"));
  const auto read = writer().media_by_id("m-1");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->thumbnail_blob, "blob-1-thumb");
  EXPECT_EQ(read->width, 640);
  EXPECT_EQ(read->colour, "#102030");
  EXPECT_EQ(writer().media_by_upload_id(alice.id, "retry-1")->id, "m-1");
  writer().insert_media(make_media("m-3", alice.id, "file", "blob-3"));
  EXPECT_EQ(writer().media_bytes_of(alice.id), 100 + 10 + 100);
  EXPECT_EQ(writer().media_bytes_of(add_user("bob").id), 0);
}

TEST_P(conversation_conformance, media_is_readable_by_its_owner_by_members_where_attached_and_avatars_by_all) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto carol = add_user("carol");
  const auto friends = group("friends", {alice, bob});
  const auto picture = writer().insert_media(make_media("pic", alice.id, "image", "b-pic"));
  const auto avatar = writer().insert_media(make_media("ava", alice.id, "avatar", "b-ava"));
  EXPECT_TRUE(writer().media_readable("pic", alice.id));
  EXPECT_FALSE(writer().media_readable("pic", bob.id));
  auto sent = make_message(friends.id, alice.id, "look", "c-1");
  sent.attachments = {attachment_of(picture)};
  const auto entry = writer().append(sent).entry;
  EXPECT_TRUE(writer().media_readable("pic", bob.id));
  EXPECT_FALSE(writer().media_readable("pic", carol.id));
  EXPECT_TRUE(writer().media_readable("ava", carol.id));
  EXPECT_FALSE(writer().media_readable("nothing", alice.id));
  ASSERT_TRUE(entry.message);
  EXPECT_EQ(entry.message->attachments, sent.attachments);
  const auto history = writer().log_after(friends.id, 0, 10);
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().message->attachments, sent.attachments);
  (void)avatar;
}

TEST_P(conversation_conformance, an_encrypted_message_keeps_its_encrypted_files_for_the_members) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto secret = group("secret", {alice, bob});
  writer().encrypt_conversation(secret.id);
  auto sealed = make_media("sealed", alice.id, "file", "b-sealed");
  sealed.mime = encrypted_file_mime;
  sealed.name = "encrypted";
  writer().insert_media(sealed);

  new_message with_envelope{secret.id, alice.id, t0 + 1, "", "s-1", std::nullopt, {attachment_of(sealed)}};
  with_envelope.envelope = R"({"v":1,"alg":"megolm.v1","sender_device":"D","session_id":"c2Vz","ciphertext":"Y2lw"})";
  new_message without{secret.id, alice.id, t0 + 2, "", "s-2", std::nullopt, {attachment_of(sealed)}};
  const std::vector<new_message> sends{with_envelope, without};
  const auto appended = writer().append_messages(sends);
  ASSERT_EQ(appended.size(), 2U);
  EXPECT_EQ(appended[0].refused, send_refusal::none);
  EXPECT_EQ(appended[1].refused, send_refusal::encryption_required);
  ASSERT_TRUE(appended[0].appended.entry.message);
  EXPECT_EQ(appended[0].appended.entry.message->attachments, with_envelope.attachments);
  EXPECT_TRUE(writer().media_readable("sealed", bob.id));
  const auto history = writer().log_after(secret.id, 0, 10);
  ASSERT_EQ(history.size(), 1U);
  EXPECT_EQ(history.back().message->attachments, with_envelope.attachments);
}

TEST_P(conversation_conformance, attachments_travel_in_groups_of_sends_and_go_with_a_deleted_message) {
  const auto alice = add_user("alice");
  const auto bob = add_user("bob");
  const auto friends = group("friends", {alice, bob});
  const auto one = writer().insert_media(make_media("one", alice.id, "image", "b-1"));
  const auto two = writer().insert_media(make_media("two", alice.id, "file", "b-2"));
  new_message m{friends.id, alice.id, t0, "", "", std::nullopt, {attachment_of(one), attachment_of(two)}};
  const auto appended = writer().append_messages(std::vector<new_message>{m});
  ASSERT_EQ(appended.size(), 1u);
  const auto& message = *appended[0].appended.entry.message;
  EXPECT_EQ(message.attachments, m.attachments);
  EXPECT_EQ(writer().message_by_id(message.id)->attachments, m.attachments);
  EXPECT_TRUE(writer().media_readable("two", bob.id));
  // Used media is freed as soon as nothing holds it: not while the message does.
  EXPECT_EQ(writer().delete_unused_media(t0 - 1, 100), 0);
  writer().delete_message(message.id, t0 + 1);
  EXPECT_TRUE(writer().message_by_id(message.id)->attachments.empty());
  EXPECT_FALSE(writer().media_readable("two", bob.id));
  EXPECT_EQ(writer().delete_unused_media(t0 - 1, 100), 2);
  EXPECT_FALSE(writer().media_by_id("one"));
}

TEST_P(conversation_conformance, unused_uploads_wait_out_their_grace_and_avatars_in_use_stay) {
  const auto alice = add_user("alice");
  writer().insert_media(make_media("old", alice.id, "file", "b-old", t0));
  writer().insert_media(make_media("new", alice.id, "file", "b-new", t0 + 1000));
  writer().insert_media(make_media("ava", alice.id, "avatar", "b-ava", t0));
  profile_update set;
  set.avatar = "ava";
  ASSERT_TRUE(writer().update_profile(alice.id, set));
  writer().mark_media_used("ava");
  EXPECT_EQ(writer().user_by_id(alice.id)->avatar, "ava");
  EXPECT_EQ(writer().delete_unused_media(t0 + 500, 100), 1);  // "old" only
  EXPECT_FALSE(writer().media_by_id("old"));
  EXPECT_TRUE(writer().media_by_id("new"));
  EXPECT_TRUE(writer().media_by_id("ava"));
  profile_update clear;
  clear.avatar = "";
  EXPECT_EQ(writer().update_profile(alice.id, clear)->avatar, "");
  EXPECT_EQ(writer().delete_unused_media(t0, 100), 1);  // the avatar, used once, at once
}

TEST_P(conversation_conformance, an_updated_entry_sets_and_removes_a_group_avatar_that_the_collector_keeps) {
  const auto alice = add_user("alice");
  const auto c = group("friends", {alice});
  writer().insert_media(make_media("gava", alice.id, "avatar", "b-gava", t0));
  writer().mark_media_used("gava");
  auto set = make_entry(c.id, entry_kind::updated, alice.id);
  set.avatar = "gava";
  const auto entry = writer().append(set).entry;
  EXPECT_EQ(entry.avatar, "gava");
  EXPECT_EQ(entry.name, "");  // a name that did not change is not logged
  EXPECT_EQ(writer().conversation_by_id(c.id)->avatar, "gava");
  EXPECT_EQ(writer().conversations_of(alice.id).at(0).conversation.avatar, "gava");
  // A rename leaves the avatar; role changes log no avatar.
  auto rename = make_entry(c.id, entry_kind::updated, alice.id);
  rename.name = "best friends";
  EXPECT_FALSE(writer().append(rename).entry.avatar.has_value());
  EXPECT_EQ(writer().conversation_by_id(c.id)->avatar, "gava");
  EXPECT_EQ(writer().delete_unused_media(t0 + 1000, 100), 0);  // held by the group
  EXPECT_TRUE(writer().media_by_id("gava"));

  auto clear = make_entry(c.id, entry_kind::updated, alice.id);
  clear.avatar = "";
  EXPECT_EQ(writer().append(clear).entry.avatar, "");
  EXPECT_EQ(writer().conversation_by_id(c.id)->avatar, "");
  const auto log = writer().log_after(c.id, 0, 10);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].avatar, "gava");
  EXPECT_FALSE(log[1].avatar.has_value());
  EXPECT_EQ(log[2].avatar, "");
  EXPECT_EQ(writer().delete_unused_media(t0, 100), 1);  // used once, held by nothing now
}

TEST_P(conversation_conformance, a_blob_is_freed_only_when_unpinned_and_unheld_and_a_claim_waits_while_it_is) {
  const auto alice = add_user("alice");
  EXPECT_TRUE(writer().claim_blob("held", 100, t0 + 1000));
  writer().insert_media(make_media("m", alice.id, "file", "held"));
  writer().release_blob("held");
  EXPECT_TRUE(writer().claim_blob("pinned", 100, t0 + 1000));  // an upload under way
  EXPECT_TRUE(writer().claim_blob("free", 100, t0 + 1000));
  writer().release_blob("free");
  EXPECT_TRUE(writer().claim_blob("stale", 100, t0 + 10));  // its upload stopped halfway
  const auto doomed = writer().doom_unused_blobs(t0 + 100, t0 + 600, 100);
  EXPECT_EQ(std::set<std::string>(doomed.begin(), doomed.end()), (std::set<std::string>{"free", "stale"}));
  EXPECT_FALSE(writer().claim_blob("free", 100, t0 + 1000)) << "being freed: the upload waits";
  // Another node's collector leaves them alone while the lease runs: two
  // collectors removing the same bytes could remove those a new upload put
  // after the first one forgot the row.
  EXPECT_TRUE(writer().doom_unused_blobs(t0 + 200, t0 + 700, 100).empty());
  // Marked but not forgotten when the lease ran out (the collector stopped
  // between the steps): the next pass takes them over.
  const auto again = writer().doom_unused_blobs(t0 + 601, t0 + 1200, 100);
  EXPECT_EQ(std::set<std::string>(again.begin(), again.end()), (std::set<std::string>{"free", "stale"}));
  writer().forget_blobs(doomed, t0 + 600);
  EXPECT_FALSE(writer().claim_blob("free", 100, t0 + 1000)) << "taken over: the late first collector forgets nothing";
  writer().forget_blobs(again, t0 + 1200);
  EXPECT_TRUE(writer().claim_blob("free", 100, t0 + 1000)) << "forgotten: a new upload may store it again";
  EXPECT_TRUE(writer().doom_unused_blobs(t0 + 700, t0 + 1300, 100).empty()) << "pinned by the new upload";
}

}  // namespace
}  // namespace natter::store::conformance
