#pragma once
// A loopback TCP proxy in front of natterd that can cut every connection at
// once, mid-flight: requests that reached the server lose their replies, and
// frames on their way are dropped. Clients reconnect through it.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace natter::torture {

class tcp_proxy {
 public:
  explicit tcp_proxy(unsigned short upstream_port);
  ~tcp_proxy();
  tcp_proxy(const tcp_proxy&) = delete;
  tcp_proxy& operator=(const tcp_proxy&) = delete;

  unsigned short port() const { return port_; }
  // Closes every connection, both sides.
  void cut();

 private:
  struct link;
  void accept_next();
  void open(std::shared_ptr<link> l);
  static void pump(std::shared_ptr<link> l, bool upstream);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short upstream_port_;
  unsigned short port_ = 0;
  std::vector<std::weak_ptr<link>> links_;  // touched on the proxy's thread only
  std::thread thread_;
};

}  // namespace natter::torture
