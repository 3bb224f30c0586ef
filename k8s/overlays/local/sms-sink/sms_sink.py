# The laptop cluster's stand-in for the province's SMS gateway. It speaks the gateway's protocol as
# yuyue's HttpSmsGateway uses it (POST /send, JSON {"phone", "text"}, Authorization: Bearer TOKEN,
# any 2xx means accepted) and, instead of sending, prints each message as one line of this pod's log:
#
#   kubectl -n yuyue logs deploy/sms-sink | grep 13800000000
#
# The service itself carries no development sender; it cannot tell this sink from a real gateway.
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = os.environ["SMS_SINK_TOKEN"]
PORT = int(os.environ.get("SMS_SINK_PORT", "8080"))
LARGEST_BODY = 64 * 1024


class Gateway(BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path != "/send":
            return self.answer(404)
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            return self.answer(401)
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > LARGEST_BODY:
            return self.answer(400)
        try:
            message = json.loads(self.rfile.read(length))
            phone, text = str(message["phone"]), str(message["text"])
        except (ValueError, KeyError, TypeError):
            return self.answer(400)
        print(f"SMS to {phone}: {text}", flush=True)
        self.answer(204)

    def answer(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        # The one line per message above is the log; requests and refusals are not news here.
        pass


if __name__ == "__main__":
    print(f"SMS sink listening on :{PORT}; every message yuyue sends is printed here", flush=True)
    ThreadingHTTPServer(("", PORT), Gateway).serve_forever()
