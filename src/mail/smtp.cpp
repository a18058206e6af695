#include "mail/smtp.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace natter::mail {

namespace {

struct reader {
  const std::string& text;
  std::size_t offset = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<reader*>(user);
  const std::size_t n = std::min(size * count, r->text.size() - r->offset);
  std::memcpy(buffer, r->text.data() + r->offset, n);
  r->offset += n;
  return n;
}

// The address part of "Name <a@b>" or "a@b", in angle brackets, as SMTP wants it.
std::string envelope(const std::string& address) {
  const auto open = address.find('<');
  const auto close = address.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open)
    return address.substr(open, close - open + 1);
  return "<" + address + ">";
}

}  // namespace

smtp::smtp(std::string url, std::string from, const clock& clock)
    : url_(std::move(url)), from_(std::move(from)), clock_(clock) {
  if (url_.rfind("smtp://", 0) != 0 && url_.rfind("smtps://", 0) != 0) {
    throw std::runtime_error("--smtp-url must start with smtp:// or smtps://");
  }
}

void smtp::deliver(const core::mail& m) {
  const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw std::runtime_error("smtp: curl_easy_init failed");
  const std::string message = rfc5322(m, from_, clock_.now_ms());
  reader body{message};
  const std::string sender = envelope(from_);
  const std::string recipient = envelope(m.to);
  curl_slist* recipients = curl_slist_append(nullptr, recipient.c_str());
  const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> held(recipients, curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, sender.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &body);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  const CURLcode sent = curl_easy_perform(curl.get());
  if (sent != CURLE_OK) throw std::runtime_error(std::string("smtp: ") + curl_easy_strerror(sent));
  spdlog::info("mail sent by SMTP, subject \"{}\"", m.subject);
}

}  // namespace natter::mail
