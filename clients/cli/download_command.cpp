// download: fetches a picture or file that a message carries (its media id
// is on the attachment's line in history and listen).

#include <iostream>

#include "clients/cli/commands.hpp"
#include "clients/cli/media_format.hpp"
#include "clients/cli/transfers.hpp"

namespace natter::cli {

namespace {

struct download_options {
  std::string id;
  std::string output;  // empty: the media's own name, in the current directory
  bool force = false;
  bool thumbnail = false;
};

int do_download(const cli_context& context, const download_options& o) {
  if (!is_media_id(o.id)) return usage_error("a media id is 22 characters A-Z a-z 0-9 - _ (see natter history)");
  auto api = context.http();
  if (!api) return report(api.error());
  auto fresh = context.refresh();
  if (!fresh) return report(fresh.error());
  const std::filesystem::path target = o.output.empty() ? std::filesystem::path(".") : std::filesystem::path(o.output);
  auto got = api->download(fresh->access_token, o.id, target, {o.thumbnail, o.force});
  if (!got) return report(got.error());
  std::cout << printable(got->path.string()) << "\t" << human_size(static_cast<std::int64_t>(got->size)) << "\n";
  return exit_ok;
}

}  // namespace

void add_download_command(CLI::App& app, command_line& line) {
  auto options = std::make_shared<download_options>();
  auto* d = app.add_subcommand(
      "download",
      "Save a picture or file by its media id (on attachment lines); never replaces a file without --force");
  d->add_option("media_id", options->id, "The id from an attachment line")->required();
  d->add_option("-o,--output", options->output,
                "File to write, or a directory to put it in (default: its own name in the current directory)");
  d->add_flag("--force", options->force, "Replace the file if it exists");
  d->add_flag("--thumbnail", options->thumbnail, "The small version of a picture instead");
  d->callback([&line, options] { line.action = [options](const cli_context& c) { return do_download(c, *options); }; });
}

}  // namespace natter::cli
