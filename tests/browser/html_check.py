#!/usr/bin/python3
"""Checks of the HTML report by a real HTML parser and a real browser, for the test suite
(tests/test_html.c). Standard library only, plus Debian's python3-html5lib and chromium.

  html_check.py validate FILE
      Parses FILE with html5lib in strict mode (any parse error fails) and prints what the
      tests look at: the elements and attributes used, every href, the text of <script>
      and <style>, and the texts of the document, one per line.

  html_check.py browse FILE OUTDIR WIDTH...
      Opens FILE in headless Chromium, driven through the DevTools protocol over a pipe
      (--remote-debugging-pipe: no network port, no extra package). For each WIDTH it sets
      the viewport to that many CSS pixels (a phone's below 600), loads the page and lets
      the browser measure it: the document's scroll width against the viewport's, every
      element whose box reaches past the right edge, the charts drawn and shown, the page's
      visible text. It saves a screenshot of the page's top 3000 pixels as OUTDIR/WIDTH.png
      and counts the pixels that are not white. The script run in the page is this
      program's, never the report's (which has none).

Output: "key value" lines, for the C test to read.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
]


def validate(path):
    import html5lib
    from html5lib import treewalkers
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    with open(path, "rb") as f:
        data = f.read()
    try:
        doc = parser.parse(data)
    except Exception as e:  # html5lib raises ParseError at the first error
        print("valid 0")
        print("error %s" % str(e).replace("\n", " "))
        return 1
    print("valid 1")
    tags, attrs, hrefs = set(), set(), []
    texts = []
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else "#comment"
        tag = tag.split("}")[-1]
        tags.add(tag)
        for k, v in el.attrib.items():
            k = k.split("}")[-1]
            attrs.add(k)
            if k == "href":
                hrefs.append(v)
        if tag in ("script", "style") and el.text:
            print("%s_text %s" % (tag, json.dumps(el.text)))
        for t in (el.text, el.tail):
            if t and t.strip():
                texts.append(" ".join(t.split()))
    print("tags " + " ".join(sorted(tags)))
    print("attrs " + " ".join(sorted(attrs)))
    for h in hrefs:
        print("href " + json.dumps(h))
    for t in texts:
        print("text " + json.dumps(t, ensure_ascii=False))
    return 0


class Browser:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="extrad-chromium-")
        to_child_r, self.to_child_w = os.pipe()
        self.from_child_r, from_child_w = os.pipe()

        def fds():
            # the protocol's pipe is the child's fds 3 (commands in) and 4 (replies out);
            # copies first, so that neither end is overwritten by the other
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium] + CHROMIUM_FLAGS + ["--user-data-dir=" + self.profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_child_w)
        os.close(self.from_child_r)
        shutil.rmtree(self.profile, ignore_errors=True)

    def read_message(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.from_child_r, 1 << 16)
            if not chunk:
                raise EOFError("chromium closed its pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self.read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, session, timeout=60):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method and e.get("sessionId") == session:
                    del self.events[i]
                    return e
            self.events.append(self.read_message(deadline))


MEASURE = r"""
(() => {
  const vw = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.querySelectorAll('body *')) {
    const st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden') continue;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY' && el.tagName !== 'DETAILS') continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 0.5)
      over.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '')
                + ' ' + Math.round(r.right));
  }
  const svgs = [...document.querySelectorAll('figure.chart svg')];
  const shown = svgs.filter(s => getComputedStyle(s).display !== 'none' && s.getBoundingClientRect().width > 0);
  const small = shown.map(s => {
    const r = s.getBoundingClientRect();
    const vb = s.viewBox.baseVal;
    let min = 1e9;
    for (const t of s.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(t).fontSize || t.getAttribute('font-size'));
      const px = size * r.width / vb.width;
      if (px < min) min = px;
    }
    return min;
  });
  return JSON.stringify({
    viewport: vw,
    scroll_width: document.documentElement.scrollWidth,
    body_scroll_width: document.body.scrollWidth,
    height: document.documentElement.scrollHeight,
    over: over,
    charts: document.querySelectorAll('figure.chart').length,
    svgs: svgs.length,
    svgs_shown: shown.length,
    smallest_chart_text_px: small.length ? Math.min(...small) : 0,
    scripts: document.scripts.length,
    live: document.querySelectorAll('script,img,iframe,object,embed,link,base,form,[onload],[onerror],[onclick],[src]').length,
    text: document.body.innerText,
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    lang: document.documentElement.lang,
    title: document.title,
  });
})()
"""


def png_nonwhite(png):
    """Share of pixels that are not (near) white in an 8-bit RGB or RGBA PNG."""
    i, w, h, ct, idat = 8, 0, 0, 0, b""
    while i < len(png):
        n = struct.unpack(">I", png[i:i + 4])[0]
        kind, body = png[i + 4:i + 8], png[i + 8:i + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ct = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ct not in (2, 6):
                raise ValueError("unexpected PNG format")
        elif kind == b"IDAT":
            idat += body
        i += 12 + n
    raw = zlib.decompress(idat)
    bpp = 3 if ct == 2 else 4
    stride = w * bpp + 1
    prev = bytearray(w * bpp)
    dark = 0
    for y in range(h):
        f = raw[y * stride]
        line = bytearray(raw[y * stride + 1:(y + 1) * stride])
        for x in range(len(line)):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, len(line), bpp):
            if line[x] < 200 or line[x + 1] < 200 or line[x + 2] < 200:
                dark += 1
        prev = line
    return w, h, dark / float(w * h)


def browse(path, outdir, widths):
    import base64
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("error chromium is not installed (apt-get install chromium)")
        return 1
    url = "file://" + os.path.abspath(path)
    br = Browser(chromium)
    try:
        target = br.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = br.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        br.send("Page.enable", session=session)
        br.send("Runtime.enable", session=session)
        for w in widths:
            br.send("Emulation.setDeviceMetricsOverride",
                    {"width": w, "height": 900, "deviceScaleFactor": 1, "mobile": w < 600}, session=session)
            br.send("Page.navigate", {"url": url}, session=session)
            br.wait_event("Page.loadEventFired", session)
            res = br.send("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True}, session=session)
            m = json.loads(res["result"]["value"])
            print("width %d viewport %d scroll_width %d body_scroll_width %d height %d" %
                  (w, m["viewport"], m["scroll_width"], m["body_scroll_width"], m["height"]))
            print("width %d overflowing %d %s" % (w, len(m["over"]), json.dumps(m["over"][:10])))
            print("width %d charts %d svgs %d shown %d smallest_text_px %.2f scripts %d live %d" %
                  (w, m["charts"], m["svgs"], m["svgs_shown"], m["smallest_chart_text_px"], m["scripts"], m["live"]))
            print("width %d lang %s" % (w, m["lang"]))
            for href in m["links"]:
                print("width %d link %s" % (w, json.dumps(href)))
            print("width %d text %s" % (w, json.dumps(m["text"], ensure_ascii=False)))
            height = min(m["height"], 3000)
            shot = br.send("Page.captureScreenshot",
                           {"format": "png", "captureBeyondViewport": True,
                            "clip": {"x": 0, "y": 0, "width": w, "height": height, "scale": 1}},
                           session=session)
            png = base64.b64decode(shot["data"])
            name = os.path.join(outdir, "%d.png" % w)
            with open(name, "wb") as f:
                f.write(png)
            pw, ph, share = png_nonwhite(png)
            print("width %d screenshot %s %d %d nonwhite %.4f" % (w, name, pw, ph, share))
    finally:
        br.close()
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "validate":
        return validate(argv[2])
    if len(argv) >= 5 and argv[1] == "browse":
        return browse(argv[2], argv[3], [int(x) for x in argv[4:]])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
