#!/usr/bin/env python3
"""The dashboard, the alert rules and the operators' guide name only metrics
natterd exposes, and the guide lists every one it exposes.

Usage: observability_docs.py NATTERD SOURCE_DIR

Starts natterd (loopback, a scratch data directory, --metrics-listen), reads
/metrics, and checks docs/grafana/natter-dashboard.json (valid JSON, a
Prometheus data source variable, every natter_*/process_* name in its queries
exposed), docs/alerts/natter-alerts.yml (YAML when PyYAML is installed, the
same check of names) and the "Metrics" section of docs/operations.md (every
exposed name listed). Exits non-zero with the differences.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

NAME = re.compile(r"\b((?:natter|process)_[a-z0-9_]+)\b")
HISTOGRAM_PARTS = ("_bucket", "_sum", "_count")


def scrape(natterd):
    with tempfile.TemporaryDirectory() as data:
        log_path = os.path.join(data, "log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen([natterd, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0",
                                     "--data-dir", os.path.join(data, "d"), "--create-data-dir"],
                                    stdout=log, stderr=subprocess.STDOUT)
        try:
            port = None
            for _ in range(600):  # until it says where /metrics is, or exits
                found = re.search(r"metrics on http://127\.0\.0\.1:(\d+)", open(log_path).read())
                if found or proc.poll() is not None:
                    port = found and int(found.group(1))
                    break
                time.sleep(0.05)
            if not port:
                sys.exit("natterd did not start:\n" + open(log_path).read())
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30).read().decode()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def exposed_names(text):
    """Every metric name in the exposition: families (# TYPE, even without
    samples yet) and sample names (histograms' _bucket/_sum/_count)."""
    names = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            name, kind = line.split()[2:4]
            names.add(name)
            if kind == "histogram":
                names.update(name + part for part in HISTOGRAM_PARTS)
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names


def dashboard_names(path, problems):
    dash = json.load(open(path))
    variables = dash.get("templating", {}).get("list", [])
    if not any(v.get("type") == "datasource" and v.get("query") == "prometheus" for v in variables):
        problems.append(f"{path}: no Prometheus data source variable")
    names = set()
    for panel in dash.get("panels", []):
        if not panel.get("targets"):
            problems.append(f"{path}: panel {panel.get('title')!r} has no query")
        for target in panel.get("targets", []):
            names.update(NAME.findall(target.get("expr", "")))
    return names


def alert_names(path, problems):
    text = open(path).read()
    try:
        import yaml
    except ImportError:
        print(f"note: PyYAML is not installed; {path} checked for metric names only")
        return set(NAME.findall(text))
    rules = [r for g in yaml.safe_load(text)["groups"] for r in g["rules"]]
    for r in rules:
        if not r.get("alert") or not r.get("expr"):
            problems.append(f"{path}: a rule without alert or expr: {r}")
    return {n for r in rules for n in NAME.findall(str(r.get("expr", "")))}


def documented_names(path):
    text = open(path).read()
    section = re.search(r"^## Metrics\n(.*?)(?=^## )", text, re.S | re.M)
    return set(NAME.findall(section.group(1))) if section else set()


def main():
    natterd, source = sys.argv[1], sys.argv[2]
    exposed = exposed_names(scrape(natterd))
    problems = []
    docs = os.path.join(source, "docs")
    for path, used in ((os.path.join(docs, "grafana", "natter-dashboard.json"), None),
                       (os.path.join(docs, "alerts", "natter-alerts.yml"), None)):
        used = dashboard_names(path, problems) if path.endswith(".json") else alert_names(path, problems)
        for name in sorted(used - exposed):
            problems.append(f"{path}: {name} is not exposed by natterd")
    families = {n for n in exposed if not n.endswith(HISTOGRAM_PARTS) or n.rsplit("_", 1)[0] not in exposed}
    listed = documented_names(os.path.join(docs, "operations.md"))
    for name in sorted(families - listed):
        problems.append(f"docs/operations.md, Metrics: {name} is exposed but not listed")
    for name in sorted(listed - exposed):
        problems.append(f"docs/operations.md, Metrics: {name} is listed but not exposed")
    for p in problems:
        print(p)
    print(f"{len(exposed)} names exposed; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
