#include "app/data_dir.hpp"

#include <filesystem>
#include <stdexcept>
#include <vector>

namespace natter::app {

namespace fs = std::filesystem;

std::string sqlite_path(const config& c) {
  if (c.db.empty()) return (fs::path(c.data_dir) / "natter.db").string();
  if (c.db.starts_with("sqlite:")) return c.db.substr(7);
  return {};
}

void prepare_data_dir(const config& c) {
  if (c.create_data_dir) {
    fs::create_directories(c.data_dir);
    fs::permissions(c.data_dir, fs::perms::owner_all, fs::perm_options::replace);
    return;
  }
  std::vector<std::string> missing;
  if (!fs::is_directory(c.data_dir)) {
    missing.push_back("the data directory " + c.data_dir);
  } else {
    if (auto db = sqlite_path(c); !db.empty() && !fs::exists(db)) missing.push_back("the database " + db);
    if (c.jwt_secret.empty() && !fs::exists(fs::path(c.data_dir) / "jwt.key")) {
      missing.push_back("the signing key " + (fs::path(c.data_dir) / "jwt.key").string());
    }
  }
  if (missing.empty()) return;
  std::string what = missing.front();
  for (std::size_t i = 1; i < missing.size(); ++i) what += " and " + missing[i];
  throw std::runtime_error(what + (missing.size() > 1 ? " do" : " does") +
                           " not exist. If this is the first start, start once with --create-data-dir "
                           "(NATTER_CREATE_DATA_DIR=1) to create what is missing; otherwise check that the "
                           "volume holding the data is mounted.");
}

}  // namespace natter::app
