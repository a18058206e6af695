#include "torture/tcp_proxy.hpp"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <future>

namespace natter::torture {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct tcp_proxy::link {
  explicit link(asio::io_context& io) : client(io), server(io) {}
  void close() {
    boost::system::error_code ignored;
    client.close(ignored);
    server.close(ignored);
  }
  tcp::socket client;
  tcp::socket server;
  std::array<char, 16384> to_server{};
  std::array<char, 16384> to_client{};
};

tcp_proxy::tcp_proxy(unsigned short upstream_port)
    : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), upstream_port_(upstream_port) {
  port_ = acceptor_.local_endpoint().port();
  accept_next();
  thread_ = std::thread([this] { io_.run(); });
}

tcp_proxy::~tcp_proxy() {
  asio::post(io_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (auto& weak : links_) {
      if (auto l = weak.lock()) l->close();
    }
  });
  thread_.join();
}

void tcp_proxy::cut() {
  std::promise<void> done;
  asio::post(io_, [this, &done] {
    for (auto& weak : links_) {
      if (auto l = weak.lock()) l->close();
    }
    links_.clear();
    done.set_value();
  });
  done.get_future().wait();
}

void tcp_proxy::accept_next() {
  auto l = std::make_shared<link>(io_);
  acceptor_.async_accept(l->client, [this, l](boost::system::error_code ec) {
    if (ec) return;
    open(l);
    accept_next();
  });
}

void tcp_proxy::open(std::shared_ptr<link> l) {
  std::erase_if(links_, [](const std::weak_ptr<link>& w) { return w.expired(); });
  links_.push_back(l);
  const tcp::endpoint upstream(asio::ip::make_address("127.0.0.1"), upstream_port_);
  l->server.async_connect(upstream, [l](boost::system::error_code ec) {
    if (ec) return l->close();
    pump(l, true);
    pump(l, false);
  });
}

// Copies one direction until either side closes, then closes both.
void tcp_proxy::pump(std::shared_ptr<link> l, bool upstream) {
  auto& from = upstream ? l->client : l->server;
  auto& buffer = upstream ? l->to_server : l->to_client;
  from.async_read_some(asio::buffer(buffer), [l, upstream](boost::system::error_code ec, std::size_t n) {
    if (ec) return l->close();
    auto& to = upstream ? l->server : l->client;
    auto& data = upstream ? l->to_server : l->to_client;
    asio::async_write(to, asio::buffer(data.data(), n), [l, upstream](boost::system::error_code wec, std::size_t) {
      if (wec) return l->close();
      pump(l, upstream);
    });
  });
}

}  // namespace natter::torture
