#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <stdexcept>

#include "common/log_line.hpp"

namespace natter::app {

namespace {

std::string_view payload_of(const spdlog::details::log_msg& msg) {
  return {msg.payload.data(), msg.payload.size()};
}

// %* in JSON: a log_line's "event" and fields, or any other line as "msg".
class json_body : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const auto payload = payload_of(msg);
    std::string out;
    if (is_log_line(payload)) {
      render_log_line_json(payload, out);
      out.erase(0, 1);  // the leading comma
    } else {
      out = "\"msg\":\"";
      append_json_escaped(payload, out);
      out += '"';
    }
    dest.append(out.data(), out.data() + out.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<json_body>(); }
};

// %* in text: a log_line as `event tag key=value ...`, any other line as is.
class text_body : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const auto payload = payload_of(msg);
    if (!is_log_line(payload)) {
      dest.append(payload.data(), payload.data() + payload.size());
      return;
    }
    std::string out;
    render_log_line_text(payload, out);
    dest.append(out.data(), out.data() + out.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<text_body>(); }
};

}  // namespace

void setup_logging(const std::string& format, const std::string& level) {
  auto logger = std::make_shared<spdlog::logger>("natterd", std::make_shared<spdlog::sinks::stdout_sink_mt>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  if (format == "json") {
    formatter->add_flag<json_body>('*').set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","thread":%t,%*})");
  } else if (format == "text") {
    formatter->add_flag<text_body>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %^%l%$ %*");
  } else {
    throw std::invalid_argument("unknown log format " + format);
  }
  logger->set_formatter(std::move(formatter));
  auto lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off") throw std::invalid_argument("unknown log level " + level);
  logger->set_level(lvl);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace natter::app
