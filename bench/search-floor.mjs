// A client-less baseline for the search benchmark: what node itself needs to read the same
// 10,000 issues with no library at all - one keep-alive socket reading into a fixed buffer,
// pages of 1,000 (the simulator's cap) requested one after another, each parsed whole with
// JSON.parse. No retries, no chunked bodies, no TLS. It tells what the machine allows: a client
// far slower than this has work to do; one as fast (jirakit parses issues lazily, so it can be
// faster) has only node's own start left.
// argv: server token jql fields. Prints the count and seconds as JSON.
import { connect } from 'node:net';

const [server, token, jql, fields] = process.argv.slice(2);
const t0 = performance.now();
const { hostname, port, pathname } = new URL(server);
const read = Buffer.allocUnsafe(65536);
let body = Buffer.allocUnsafe(1 << 21);
let head = '';
let want = -1;
let got = 0;
let done;
const socket = connect({
  host: hostname,
  port: Number(port),
  onread: {
    buffer: read,
    callback: (n) => {
      let from = 0;
      if (want < 0) {
        head += read.toString('latin1', 0, n);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        want = Number(/content-length: *(\d+)/i.exec(head)[1]);
        from = n - (head.length - end - 4);
        head = '';
        got = 0;
        if (body.length < want) body = Buffer.allocUnsafe(want);
      }
      got += read.copy(body, got, from, n);
      if (got >= want) {
        want = -1;
        done(body.toString('utf8', 0, got));
      }
    },
  },
});
const page = (startAt) =>
  new Promise((resolve) => {
    done = resolve;
    const query = new URLSearchParams({ jql, startAt: String(startAt), maxResults: '1000', fields });
    socket.write(`GET ${pathname.replace(/\/$/, '')}/rest/api/2/search?${query} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
  });
let count = 0;
let total = Infinity;
for (let startAt = 0; startAt < total; startAt += 1000) {
  const result = JSON.parse(await page(startAt));
  total = result.total;
  for (const issue of result.issues) if (issue.key) count++;
}
socket.destroy();
console.log(JSON.stringify({ count, seconds: (performance.now() - t0) / 1000 }));
