#include "attack/tls_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>
#include <stdexcept>

namespace natter::testing {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

// Runs a shell command line; returns its exit status and its output.
std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed: " + command);
  std::array<char, 4096> chunk{};
  while (auto n = std::fread(chunk.data(), 1, chunk.size(), pipe)) output.append(chunk.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace

test_certificate::test_certificate() {
  std::string pattern = (fs::temp_directory_path() / "natter-tls-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  auto [status, output] =
      run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout " + key() + " -out " + cert());
  if (status != 0) throw std::runtime_error("openssl req failed: " + output);
}

test_certificate::~test_certificate() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string tls_exchange_head(unsigned short port, const std::string& bytes) {
  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);
  asio::ssl::stream<asio::ip::tcp::socket> stream(io, ctx);
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  stream.handshake(asio::ssl::stream_base::client);
  asio::write(stream, asio::buffer(bytes));
  std::string head;
  boost::system::error_code ec;
  asio::read_until(stream, asio::dynamic_buffer(head), "\r\n\r\n", ec);
  return head;
}

s_client_result openssl_s_client(unsigned short port, const std::string& options) {
  // stdin at EOF: s_client ends once the handshake is done (or failed).
  auto [status, output] =
      run("timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(port) + " " + options + " </dev/null");
  return {status == 0, output};
}

}  // namespace natter::testing
