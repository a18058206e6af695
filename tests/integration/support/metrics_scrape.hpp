#pragma once
// /metrics read into samples, for tests that check what a scripted session
// moved.

#include <map>
#include <sstream>
#include <string>

#include "integration/support/http_client.hpp"

namespace natter::testing {

class metrics_scrape {
 public:
  explicit metrics_scrape(unsigned short metrics_port) {
    const auto reply = http_client(metrics_port).get("/metrics");
    text_ = reply.body;
    std::istringstream in(text_);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      const auto space = line.rfind(' ');
      if (space != std::string::npos) samples_[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
  }
  // The value of a sample, e.g. R"(natter_websocket_closes_total{code="1000",by="client"})"; 0 when absent.
  double operator[](const std::string& sample) const {
    auto it = samples_.find(sample);
    return it == samples_.end() ? 0 : it->second;
  }
  bool has(const std::string& sample) const { return samples_.contains(sample); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::map<std::string, double> samples_;
};

}  // namespace natter::testing
