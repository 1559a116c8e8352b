"""A citizen's side of applying online, over HTTP with the standard library only: register or sign in,
upload a PDF, fill a procedure's online form validly and submit it. Used by bench/crash_client.py and
scripts/fuzz.sh (which submits one dossier so the fuzzer has a real dossier code to use).

The answers follow `seed::value_for` (server/src/seed.rs), which the API tests also fill forms with.

As a command: python3 bench/application.py BASE_URL COOKIE [PROCEDURE] prints the new dossier's code
and the id of one of its files.
"""

import datetime
import os
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PROCEDURE = "1.001193"  # birth registration: an everyday procedure with an online form
PASSWORD = "một mật khẩu dài"


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


def request(base, method, path, body=None, cookie=None, headers=None, timeout=30):
    """One request. HTTP errors come back as a Response; connection errors raise OSError."""
    data = None
    hs = dict(headers or {})
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode()
        hs["content-type"] = "application/json"
    elif body is not None:
        data = body
    if cookie:
        hs["cookie"] = cookie
    req = urllib.request.Request(base + path, data=data, method=method, headers=hs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read())


def session_cookie(response):
    for value in response.headers.get_all("set-cookie") or []:
        first = value.split(";", 1)[0]
        if first.startswith("motcua_session="):
            return first
    raise RuntimeError(f"no session cookie in a {response.status} answer: {response.body[:200]!r}")


def citizen_id(serial):
    """A valid CCCD: Thái Nguyên (019), a man born in the 1900s (1), in 1990 (90), then the serial."""
    return f"019190{serial:06d}"


def sign_in(base, serial):
    """Registers citizen number `serial`, or signs in if that account exists; the session cookie."""
    ident = citizen_id(serial)
    r = request(base, "POST", "/auth/register", {
        "kind": "citizen", "full_name": "Nguyễn Thị Lan", "citizen_id": ident,
        "date_of_birth": "1990-05-27", "phone": "0912345678", "email": "lan@example.vn",
        "address": "Thái Nguyên", "password": PASSWORD})
    if r.status == 201:
        return session_cookie(r)
    if r.status != 409:
        raise RuntimeError(f"register: {r.status} {r.body[:300]!r}")
    r = request(base, "POST", "/auth/login", {"identifier": ident, "password": PASSWORD})
    if r.status != 200:
        raise RuntimeError(f"login: {r.status} {r.body[:300]!r}")
    return session_cookie(r)


def upload(base, cookie, name, data):
    """Uploads `data`; the Response (201 with the file's id when it was taken)."""
    return request(base, "POST", "/uploads?name=" + urllib.parse.quote(name), data, cookie,
                   {"content-type": "application/octet-stream"})


def today_in_vietnam():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()


def value_for(field, places, today):
    rules = field.get("rules") or {}
    pattern = rules.get("pattern")
    if pattern:
        return "".join({"9": "1", "A": "A", "X": "A"}.get(c, c) for c in pattern["mask"])
    kind = field["kind"]

    def fit(base):
        s = base
        while len(s) < (rules.get("min_length") or 0):
            s += "."
        return s[: rules.get("max_length") or 200]

    if kind == "text":
        return fit("Việt Nam")
    if kind == "long_text":
        return fit("Đề nghị cơ quan xem xét, giải quyết theo quy định. "
                   "Tôi cam đoan những nội dung kê khai là đúng sự thật.")
    if kind in ("number", "money"):
        lo = rules.get("min")
        hi = rules.get("max")
        n = max(1.0 if lo is None else lo, 1.0 if hi is None else min(hi, 1.0))
        return str(int(-(-n // 1)))
    if kind == "date":
        def bound(b):
            if b is None:
                return None
            return today if b == "today" else datetime.date.fromisoformat(b)
        lo, hi = bound(rules.get("min_date")), bound(rules.get("max_date"))
        if lo is not None:
            return lo.isoformat()
        if hi is not None:
            return min(hi - datetime.timedelta(days=3650), hi).isoformat()
        return "2000-01-01"
    if kind in ("select", "radio"):
        options = field.get("options") or []
        return options[0]["value"] if options else ""
    if kind == "checkbox":
        options = field.get("options") or []
        return [options[0]["value"]] if options else True
    if kind == "address":
        p = places["provinces"][0]
        return {"province": p["code"], "commune": p["communes"][0]["code"],
                "street": "Số 12 đường Hoàng Văn Thụ"}
    if kind == "citizen_id":
        return "019190001234"
    if kind == "tax_code":
        return "4601234567"
    if kind == "phone":
        return "0912345678"
    if kind == "email":
        return "lan@example.vn"
    if kind == "group":
        n = max(field.get("min_items") or 1, 1)
        return [{f["id"]: value_for(f, places, today) for f in field["fields"]} for _ in range(n)]
    raise ValueError(f"unknown field kind {kind}")


class Procedure:
    """What applying for one procedure takes: its form's answers and its mandatory documents."""

    def __init__(self, base, code=PROCEDURE):
        form = request(base, "GET", f"/procedures/{code}/form").json()
        places = request(base, "GET", "/places").json()
        detail = request(base, "GET", f"/procedures/{code}").json()
        today = today_in_vietnam()
        self.code = code
        self.answers = {s["id"]: {f["id"]: value_for(f, places, today) for f in s["fields"]}
                        for s in form["sections"]}
        self.mandatory = [i for i, d in enumerate(detail["procedure"]["documents"]) if d.get("mandatory")]

    def body(self, documents):
        """The submission, with `documents` mapping each mandatory document's index to upload ids."""
        return {"procedure": self.code, "answers": self.answers,
                "documents": {str(i): ids for i, ids in documents.items()},
                "delivery": {"method": "centre"}}


def main():
    base, cookie = sys.argv[1], sys.argv[2]
    proc = Procedure(base, sys.argv[3] if len(sys.argv) > 3 else PROCEDURE)
    documents = {}
    for i in proc.mandatory:
        r = upload(base, cookie, f"giấy tờ {i}.pdf", PDF + f"% {i}\n".encode())
        if r.status != 201:
            raise SystemExit(f"upload: {r.status} {r.body[:300]!r}")
        documents[i] = [r.json()["id"]]
    r = request(base, "POST", "/dossiers", proc.body(documents), cookie,
                {"idempotency-key": "application-py-" + os.urandom(8).hex()})
    if r.status not in (200, 201):
        raise SystemExit(f"submit: {r.status} {r.body[:500]!r}")
    print(r.json()["code"], documents[proc.mandatory[0]][0])


if __name__ == "__main__":
    main()
