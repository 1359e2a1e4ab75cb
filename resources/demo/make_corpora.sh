#!/usr/bin/env bash
# Regenerates the demo corpora (arabic.txt, english.txt, code.txt) from files that Debian 12 packages
# install under free licences (SOURCES.md names them). Run by hand; the outputs are committed, so neither
# the build nor `moe demo` needs these packages. Needs gettext (msgunfmt) and node.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

# Arabic: the translated messages (msgstr) of gettext catalogues, one message per line, deduplicated,
# cut at a line boundary near 96 KB. Messages without an Arabic letter are dropped, and so are those
# with a Latin-script word ("صورة PNG", "أرشيف Tar"): that is English inside Arabic, and the demo's
# success measure counts every token of an Arabic line as Arabic. printf directives (%s, %Id) stay.
for domain in glib20 gtk30 gdk-pixbuf shared-mime-info apt appstream at-spi2-core avahi gtk20 libapt-pkg6.0 Linux-PAM; do
  msgunfmt --no-wrap "/usr/share/locale/ar/LC_MESSAGES/$domain.mo"
done | node -e '
  const lines = require("fs").readFileSync(0, "utf8").split("\n");
  const seen = new Set(), out = [];
  for (const line of lines) {
    const m = /^msgstr(?:\[\d+\])? "(.*)"$/.exec(line);
    if (!m) continue;
    // Bidirectional formatting marks are dropped: GCC warns about unpaired ones in the embedded text.
    const text = m[1].replace(/\\(.)/g, (_, c) => (c === "n" ? " " : c === "t" ? " " : c))
                     .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "").replace(/\s+/g, " ").trim();
    if (!/[\u0621-\u064a]/.test(text) || /[A-Za-z]{2,}/.test(text.replace(/%[-+ #0-9.*]*[A-Za-z]+/g, "")) || seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  let size = 0, kept = [];
  for (const l of out) { size += Buffer.byteLength(l) + 1; if (size > 96000) break; kept.push(l); }
  process.stdout.write(kept.join("\n") + "\n");
' > arabic.txt

# English: licence texts, verbatim (their terms allow verbatim copies).
cat /usr/share/common-licenses/GPL-3 /usr/share/common-licenses/LGPL-2.1 \
    /usr/share/common-licenses/Apache-2.0 /usr/share/common-licenses/MPL-2.0 > english.txt

# C++: nlohmann/json (MIT) with its comments removed (they are English prose, not code) and blank lines
# collapsed, cut at a line boundary near 100 KB; its copyright and licence lines are kept on top.
node -e '
  const src = require("fs").readFileSync("/usr/include/nlohmann/json.hpp", "utf8");
  let out = "", i = 0;
  while (i < src.length) {
    const c = src[i], n = src[i + 1];
    if (c === "/" && n === "/") { while (i < src.length && src[i] !== "\n") ++i; continue; }
    if (c === "/" && n === "*") { i = src.indexOf("*/", i + 2) + 2; continue; }
    if (c === "\"" || c === "\x27") {  // string and character literals are copied whole
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      out += src.slice(i, j + 1); i = j + 1; continue;
    }
    out += c; ++i;
  }
  const lines = out.split("\n").map(l => l.replace(/\s+$/, "")).filter(l => l.length > 0);
  let text = "// SPDX-FileCopyrightText: 2013-2022 Niels Lohmann <https://nlohmann.me>\n// SPDX-License-Identifier: MIT\n";
  for (const l of lines) { if (text.length + l.length > 100000) break; text += l + "\n"; }
  process.stdout.write(text);
' > code.txt
wc -c arabic.txt english.txt code.txt >&2
