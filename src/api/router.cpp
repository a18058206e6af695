#include "api/router.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

namespace natter::api {

static std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void router::add(http::verb method, std::string pattern, handler h, bool streams_body) {
  route r{method, std::move(pattern), {}, std::move(h), streams_body};
  for (auto s : split(r.pattern)) r.segments.emplace_back(s);
  routes_.push_back(std::move(r));
}

bool router::matches(const route& r, const std::vector<std::string_view>& path,
                     std::map<std::string, std::string>* params) {
  if (r.segments.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& seg = r.segments[i];
    bool placeholder = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    if (!placeholder && seg != path[i]) return false;
    if (placeholder && path[i].empty()) return false;
  }
  if (params) {
    for (std::size_t i = 0; i < path.size(); ++i) {
      const auto& seg = r.segments[i];
      if (seg.front() == '{') (*params)[seg.substr(1, seg.size() - 2)] = std::string(path[i]);
    }
  }
  return true;
}

bool router::streams_body(http::verb method, std::string_view path) const {
  if (path.empty() || path.front() != '/') return false;
  const auto segments = split(path);
  return std::any_of(routes_.begin(), routes_.end(), [&](const route& r) {
    return r.streams_body && r.method == method && matches(r, segments, nullptr);
  });
}

router::match router::find(http::verb method, std::string_view path, request_context& ctx) const {
  match m;
  if (path.empty() || path.front() != '/') return m;
  auto segments = split(path);
  const route* get_route = nullptr;  // HEAD is answered wherever GET is (RFC 9110 §9.3.2)
  for (const auto& r : routes_) {
    if (!matches(r, segments, nullptr)) continue;
    m.path_exists = true;
    m.pattern = r.pattern;
    if (r.method == method) {
      matches(r, segments, &ctx.params);
      m.target = &r.h;
      return m;
    }
    if (method == http::verb::head && r.method == http::verb::get && !get_route) get_route = &r;
  }
  if (get_route) {
    matches(*get_route, segments, &ctx.params);
    m.pattern = get_route->pattern;
    m.target = &get_route->h;
  }
  return m;
}

std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

std::string query_param(std::string_view target, std::string_view name) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return {};
  auto params = parsed->params();
  auto it = params.find(name);
  if (it == params.end() || !(*it).has_value) return {};
  return (*it).value;
}

}  // namespace natter::api
