"""The clients of bench/crash.sh: CLIENTS citizens applying online at once, each in its own thread, while
the driver kills the server with SIGKILL and starts it again.

Each client registers (or signs in), then until STOP_FILE exists: uploads a small PDF for every
mandatory document of the procedure (distinct bytes each time) and submits the application with an
Idempotency-Key of its own. A request cut by the kill (refused, reset, closed without an answer) is
sent again until an answer comes: an upload as a new upload (of new bytes), a submission with the
same key and body, which must then find the dossier the first attempt made (200) or make it (201).
Every upload taken and every dossier acknowledged is appended to the client's log in LOG_DIR, flushed
and fsynced before the client goes on, so the log holds at least what the server promised.

Usage: python3 bench/crash_client.py BASE_URL LOG_DIR CLIENTS STOP_FILE
"""

import http.client
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import application as a  # noqa: E402

# What a request cut by the kill raises: refused or reset connections, a response that never came.
CUT = (OSError, http.client.HTTPException)


class Log:
    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")

    def write(self, **record):
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()
        os.fsync(self.file.fileno())


def until_answered(send, counter, what):
    """Sends until the server answers; counts the attempts the kill cut."""
    while True:
        try:
            return send()
        except CUT:
            counter[what] += 1
            time.sleep(0.1)


def client(number, base, log_dir, stop_file, procedure, run):
    log = Log(os.path.join(log_dir, f"client-{number}.jsonl"))
    cut = {"upload": 0, "submit": 0, "sign_in": 0}
    cookie = until_answered(lambda: a.sign_in(base, 500000 + run * 100 + number), cut, "sign_in")
    log.write(ev="ready")
    n = 0
    while not os.path.exists(stop_file):
        n += 1
        key = f"crash-{run}-{number}-{n}"
        documents = {}
        for i in procedure.mandatory:
            # New bytes for each attempt, so a file a cut attempt stored is not taken up by the next.
            def send():
                data = a.PDF + f"% {key} {i} {os.urandom(8).hex()}\n".encode()
                return a.upload(base, cookie, f"giấy tờ {i}.pdf", data)

            while True:
                r = until_answered(send, cut, "upload")
                if r.status == 201:
                    break
                log.write(ev="unexpected", what="upload", key=key, status=r.status, body=r.body[:300].decode(errors="replace"))
                time.sleep(0.2)
            upload_id = r.json()["id"]
            log.write(ev="upload", key=key, id=upload_id)
            documents[i] = [upload_id]
        body = procedure.body(documents)
        attempts = 0

        def submit():
            nonlocal attempts
            attempts += 1
            return a.request(base, "POST", "/dossiers", body, cookie, {"idempotency-key": key})

        r = until_answered(submit, cut, "submit")
        uploads = [ids[0] for ids in documents.values()]
        if r.status in (200, 201):
            log.write(ev="ack", key=key, status=r.status, attempts=attempts, code=r.json()["code"], uploads=uploads)
        else:
            log.write(ev="refused", key=key, status=r.status, attempts=attempts, uploads=uploads,
                      body=r.body[:500].decode(errors="replace"))
    log.write(ev="done", cut=cut, submissions=n)


def main():
    base, log_dir, clients, stop_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    run = int(time.time()) % 1000
    os.makedirs(log_dir, exist_ok=True)
    procedure = a.Procedure(base)
    threads = [threading.Thread(target=client, args=(i, base, log_dir, stop_file, procedure, run))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
