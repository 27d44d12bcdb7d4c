"""`make audit`: the wapiti web vulnerability scanner against gunicorn on 127.0.0.1 with the seed
content. Only that address is a target; the scan and each attack are bounded in time, and the
modules that call out to other hosts (ssrf, xxe, log4shell, takeover, nikto, wapp) are not run.
The JSON report is written to test-artifacts/audit/; a summary is printed. docs/security.md
explains every finding."""

import argparse
import json
import subprocess
import sys
from collections import Counter

from tests.security.gunicorn_server import ROOT, gunicorn

MODULES = (
    "backup,cookieflags,crlf,csp,csrf,exec,file,htaccess,http_headers,methods,"
    "permanentxss,redirect,sql,upload,xss,ldap"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wapiti", required=True)
    parser.add_argument("--minutes", type=float, default=8)
    arguments = parser.parse_args()
    out = ROOT / "test-artifacts" / "audit"
    out.mkdir(parents=True, exist_ok=True)
    report = out / "wapiti.json"
    with gunicorn(workers=2, threads=4) as server:
        seconds = int(arguments.minutes * 60)
        command = [
            arguments.wapiti,
            "--url", server.url + "/",
            "--scope", "folder",
            "--module", MODULES,
            "--max-scan-time", str(seconds),
            "--max-attack-time", str(max(30, seconds // 4)),
            "--max-links-per-page", "40",
            "--max-files-per-dir", "60",
            "--exclude", server.url + "/konto/logga-ut",
            "--flush-session",
            "--format", "json",
            "--output", str(report),
            "--verbose", "1",
        ]  # fmt: skip
        print("$", " ".join(command), flush=True)
        finished = subprocess.run(command, check=False)  # noqa: S603
        errors = [line for line in server.log.read_text().splitlines() if " 500 " in line]
    data = json.loads(report.read_text())
    found = Counter({name: len(items) for name, items in data["vulnerabilities"].items() if items})
    anomalies = Counter({name: len(items) for name, items in data["anomalies"].items() if items})
    print("\nVulnerabilities:", dict(found) or "none")
    print("Anomalies:", dict(anomalies) or "none")
    print("Additionals:", {k: len(v) for k, v in data.get("additionals", {}).items() if v})
    print("Server answers 500 in the access log:", len(errors))
    for name, items in data["vulnerabilities"].items():
        for item in items:
            print(f"- {name}: {item.get('info')} [{item.get('method')} {item.get('path')}]")
    print(f"\nReport: {report}")
    return finished.returncode


if __name__ == "__main__":
    sys.exit(main())
