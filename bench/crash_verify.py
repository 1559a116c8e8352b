"""What bench/crash.sh checks after its kills, with the server stopped: the clients' logs against the
database (read-only, python3's sqlite3) and the files directory.

Usage: python3 bench/crash_verify.py DATA_DIR LOG_DIR KILLS
Prints the counts; exits 1 if an acknowledged dossier or one of its files is missing, a code was given
twice, a file or an upload row is orphaned, or the server holds an unsubmitted upload that no client
logged beyond those whose answer a kill cut.
"""

import collections
import glob
import hashlib
import json
import os
import sqlite3
import sys


def main():
    data_dir, log_dir, kills = sys.argv[1], sys.argv[2], int(sys.argv[3])
    acks, refused, unexpected, logged_uploads = [], [], [], set()
    cut = collections.Counter()
    clients = done = 0
    for path in sorted(glob.glob(os.path.join(log_dir, "client-*.jsonl"))):
        clients += 1
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            ev = r["ev"]
            if ev == "ack":
                acks.append(r)
            elif ev == "upload":
                logged_uploads.add(r["id"])
            elif ev == "refused":
                refused.append(r)
            elif ev == "unexpected":
                unexpected.append(r)
            elif ev == "done":
                done += 1
                cut.update(r["cut"])

    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'motcua.sqlite')}?mode=ro", uri=True)
    dossiers = {code: (key, data) for code, key, data in
                db.execute("SELECT code, idempotency_key, data FROM dossiers")}
    uploads = {row[0]: row[1:] for row in
               db.execute("SELECT id, sha256, size, dossier FROM uploads")}
    shas = {sha for sha, _, _ in uploads.values()}

    files_dir = os.path.join(data_dir, "files")
    stored = {}
    for path in glob.glob(os.path.join(files_dir, "sha256", "*", "*")):
        stored[os.path.basename(path)] = path
    incoming = len(glob.glob(os.path.join(files_dir, ".incoming", "*")))

    def file_ok(sha, size):
        path = stored.get(sha)
        if path is None:
            return False
        content = open(path, "rb").read()
        return len(content) == size and hashlib.sha256(content).hexdigest() == sha

    problems = []
    present = 0
    replayed = sum(1 for r in acks if r["status"] == 200)
    for r in acks:
        code = r["code"]
        row = dossiers.get(code)
        if row is None:
            problems.append(f"acknowledged {code} (key {r['key']}) is not in the database")
            continue
        if row[0] != r["key"]:
            problems.append(f"{code} was acknowledged for key {r['key']} but holds key {row[0]}")
            continue
        bad = []
        for upload_id in r["uploads"]:
            u = uploads.get(upload_id)
            if u is None:
                bad.append(f"{upload_id}: no row")
            elif u[2] != code:
                bad.append(f"{upload_id}: bound to {u[2]}")
            elif not file_ok(u[0], u[1]):
                bad.append(f"{upload_id}: bytes missing or wrong")
            elif upload_id not in row[1]:
                bad.append(f"{upload_id}: not in the dossier's documents")
        if bad:
            problems.append(f"{code}: " + "; ".join(bad))
        else:
            present += 1

    by_code = collections.defaultdict(set)
    for r in acks:
        by_code[r["code"]].add(r["key"])
    duplicate_codes = sum(1 for keys in by_code.values() if len(keys) > 1)
    acked_codes = set(by_code)
    unacknowledged = [c for c in dossiers if c not in acked_codes]

    rows_without_file = [i for i, (sha, size, _) in uploads.items() if sha not in stored]
    # The local object store writes `<sha256>#<n>` and renames it into place: one still there is a
    # write a kill cut short, which nothing refers to either.
    staging = [name for name in stored if "#" in name]
    files_without_row = [name for name in stored if name not in shas and "#" not in name]
    unsubmitted = [i for i, (_, _, dossier) in uploads.items() if dossier is None]
    unsubmitted_logged = [i for i in unsubmitted if i in logged_uploads]
    unsubmitted_unlogged = [i for i in unsubmitted if i not in logged_uploads]

    print(f"clients: {clients} ({done} finished); kills: {kills}")
    print(f"attempts without an answer (cut by a kill, or refused while the server was down), sent again: "
          f"uploads {cut['upload']}, submissions {cut['submit']}, sign-ins {cut['sign_in']}")
    print(f"submissions acknowledged: {len(acks)} ({len(acks) - replayed} with 201, "
          f"{replayed} with 200 on a retry of a cut submission)")
    print(f"acknowledged and present with all their files: {present}")
    print(f"missing (must be 0): {len(acks) - present}")
    print(f"duplicate codes (must be 0): {duplicate_codes}")
    print(f"dossiers in the database: {len(dossiers)}; not acknowledged to any client: {len(unacknowledged)}")
    print(f"refused submissions: {len(refused)}; unexpected answers: {len(unexpected)}")
    print(f"upload rows: {len(uploads)}; stored files: {len(stored)}; half-received files in .incoming: {incoming}")
    print(f"orphaned upload rows, file missing (must be 0): {len(rows_without_file)}")
    print(f"orphaned files, no upload row (must be 0): {len(files_without_row)} whole, "
          f"{len(staging)} partial writes left by the object store (<sha256>#<n>)")
    print(f"unsubmitted uploads: {len(unsubmitted)}: in a client's log {len(unsubmitted_logged)} (must be 0), "
          f"in no log {len(unsubmitted_unlogged)} (stored, but the kill cut the answer; at most {cut['upload']})")

    for p in problems[:20]:
        print("  missing:", p)
    for r in (refused + unexpected)[:10]:
        print("  answer:", json.dumps(r, ensure_ascii=False)[:400])
    for name in (files_without_row + staging)[:10]:
        print("  orphaned file:", name, "(its upload has a row)" if name.split("#")[0] in shas else "")
    for i in rows_without_file[:10]:
        print("  upload without its file:", i)
    for c in unacknowledged[:10]:
        print("  not acknowledged:", c, dossiers[c][0])

    failed = (problems or duplicate_codes or rows_without_file or files_without_row or staging or unsubmitted_logged
              or refused or unacknowledged or len(unsubmitted_unlogged) > cut["upload"] or done != clients)
    print("crash bench: " + ("FAILED" if failed else "passed"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
