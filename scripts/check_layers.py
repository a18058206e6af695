#!/usr/bin/env python3
"""Fails (exit 1, one line per violation) when a file under src/ includes a
layer above its own or a library its layer must not know, or names something
confined to a few files (a user's credentials: core::accounts and the store).

The build runs it (target check_layers, part of every build) and ctest runs it
(test layering), so a violation fails both.
    scripts/check_layers.py [SRC_DIR]
"""
import pathlib
import re
import sys

# layer (folder, or one file, under src/): (project folders or files it may
# include, outside headers it must not include). A file's own rule wins over
# its folder's.
NO_DB = ["SQLiteCpp", "sqlite3", "pqxx", "mysql", "mariadb", "hiredis"]
RULES = {
    "common": (["common"], ["boost/beast", "boost/json", "boost/url", "jwt", "sodium"] + NO_DB),
    "protocol": (["common", "protocol"], ["boost/beast", "boost/asio", "boost/url", "jwt", "sodium"] + NO_DB),
    "store": (["common", "store"], ["boost/beast", "boost/json", "boost/url"] + NO_DB),
    # What the SQL backends share (statement texts, row readers, the override
    # declarations): dialect-free, so no database library either.
    "store/sql": (["common", "store", "store/sql"], ["boost/beast", "boost/json", "boost/url"] + NO_DB),
    "store/sqlite": (["common", "store", "store/sql", "store/sqlite"],
                     ["boost/beast", "boost/json", "boost/url", "pqxx", "hiredis"]),
    "store/postgres": (["common", "store", "store/sql", "store/postgres"],
                       ["boost/beast", "boost/json", "boost/url", "SQLiteCpp", "sqlite3", "hiredis"]),
    "store/mariadb": (["common", "store", "store/sql", "store/mariadb"],
                      ["boost/beast", "boost/json", "boost/url", "SQLiteCpp", "sqlite3", "pqxx", "hiredis"]),
    "store/migrate": (["common", "store", "store/sql", "store/sqlite", "store/postgres", "store/mariadb",
                       "store/migrate"], ["boost/beast", "boost/json", "boost/url", "hiredis"]),
    # STOMP 1.2 frames: text in, text out, nothing else.
    "stomp": (["common", "stomp"], ["boost/beast", "boost/asio", "boost/json", "boost/url", "jwt", "sodium"] + NO_DB),
    "core": (["common", "protocol", "store", "core"], ["boost/beast", "boost/json", "boost/url"] + NO_DB),
    # Decoding and re-encoding uploaded images (libvips), off the I/O threads.
    "media": (["common", "store", "core", "media"], ["boost/beast", "boost/json", "boost/url"] + NO_DB),
    # Mail to users (core::mailer): SMTP through libcurl, or the outbox.
    "mail": (["common", "core", "mail"], ["boost/beast", "boost/json", "boost/url"] + NO_DB),
    # The HTTP messages: transport's, taken as they are by the layers it hands
    # requests to, so it must include nothing of the project.
    "transport/http_types.hpp": ([], ["boost/json", "boost/url", "jwt", "sodium"] + NO_DB),
    "api": (["common", "protocol", "store", "core", "media", "api", "transport/http_types.hpp"], NO_DB),
    "delivery": (["common", "protocol", "store", "core", "delivery"], ["boost/beast", "boost/json", "boost/url"] + NO_DB),
    "realtime": (["common", "protocol", "store", "core", "delivery", "realtime", "stomp", "transport/http_types.hpp"],
                 ["boost/url"] + NO_DB),
    "transport": (["common", "protocol", "store", "core", "media", "api", "delivery", "realtime", "stomp", "transport"],
                  NO_DB),
    "bus": (["common", "protocol", "store", "core", "delivery", "bus"],
            ["boost/json", "boost/url", "SQLiteCpp", "sqlite3", "pqxx"]),
    # app/ wires everything: no rule.
}
# Files that exist to compile a library once for everyone.
EXEMPT = {"common/boost_impl.cpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')

# Names (whole words, comments included) that only files whose path under src/
# starts with one of the prefixes may use. A user's credentials (the password
# hash) are read by core::accounts alone: the rest of the system gets profiles.
CONFINED = [
    (re.compile(r"\b(user_credentials|credentials_by_login|credentials_of|set_credentials|password_hash)\b"),
     ["core/accounts", "store/"], "core/accounts* and store/"),
]


def layer_of(relative: str):
    matches = [layer for layer in RULES if relative == layer or relative.startswith(layer + "/")]
    return max(matches, key=len) if matches else None


def confined_names(relative: str, line: str):
    for pattern, prefixes, owners in CONFINED:
        if any(relative.startswith(prefix) for prefix in prefixes):
            continue
        for m in pattern.finditer(line):
            yield f"only {owners} may name {m.group(1)}"


def folder_of(target: str, src: pathlib.Path):
    parts = target.split("/")
    if len(parts) < 2 or not (src / parts[0]).is_dir():
        return None
    if parts[0] == "store" and len(parts) > 2:
        return "store/" + parts[1]
    return parts[0]


def main() -> int:
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent / "src")
    failures = []
    for path in sorted(p for p in src.rglob("*") if p.suffix in {".cpp", ".hpp", ".h"}):
        relative = path.relative_to(src).as_posix()
        if relative in EXEMPT:
            continue
        layer = layer_of(relative)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"src/{relative}:{number}"
            failures.extend(f"{where}: {why}" for why in confined_names(relative, line))
            m = INCLUDE.match(line)
            if layer is None or not m:
                continue
            allowed, forbidden = RULES[layer]
            quote, target = m.groups()
            folder = folder_of(target, src) if quote == '"' else None
            bad = folder is not None and folder not in allowed and target not in allowed
            bad = bad or any(target == f + ".h" or target.startswith(f + "/") for f in forbidden)
            if bad:
                failures.append(f"{where}: layer {layer} must not include {target}")
    for failure in failures:
        print(failure)
    if failures:
        print(f"check_layers: {len(failures)} violation(s); docs/architecture.md lists the layers")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
