#pragma once
// The fixture of the media tests: natterd with small upload limits and a
// collector that runs every 200 ms, and helpers to upload and download.

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {

class media_test : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(),
                {"--max-upload-bytes", "1000000", "--upload-quota-bytes", "2500000", "--media-gc-interval-ms", "200"});
    return args;
  }

  http_reply upload(const session& s, const std::string& bytes, const std::string& query = "name=x",
                    std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "Bearer " + s.access_token;
    return http_->request(boost::beast::http::verb::post, "/api/v1/media?" + query, bytes, headers,
                          "application/octet-stream");
  }

  boost::json::object uploaded(const session& s, const std::string& bytes, const std::string& query = "name=x") {
    auto reply = upload(s, bytes, query);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.json().at("media").as_object();
  }

  http_reply download(const std::string& id, const std::string& token, const std::string& suffix = "",
                      std::map<std::string, std::string> headers = {}) {
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return http_->request(boost::beast::http::verb::get, "/api/v1/media/" + id + suffix, "", headers);
  }

  static std::string id_of(const boost::json::object& media) { return std::string(media.at("id").as_string()); }

  // Files of the blob store (not its scratch directory).
  std::size_t blob_files() const {
    std::size_t n = 0;
    const auto dir = server_->data_dir() / "data" / "media";
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") ++n;
    }
    return n;
  }
};

// Waits (polling, up to 30 s) for what the collector does every 200 ms.
template <class Done>
bool eventually(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace natter::testing
