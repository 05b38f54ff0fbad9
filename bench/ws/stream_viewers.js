// The viewers of bench/ws_stream_push.py: VIEWERS WebSocket sessions (Node's `ws`) reading pushed
// frames for SECONDS, each behind the users' 16-byte header '!IdI' (frame id, capture time,
// length). Prints one JSON line: frames received in all, frames per second in all and per viewer
// (min, median), and the frame ids each viewer missed (gaps).
//   node stream_viewers.js URL VIEWERS SECONDS
const WebSocket = require('ws');
const [url, viewers, seconds] = [process.argv[2], +process.argv[3], +process.argv[4]];
const counts = new Array(viewers).fill(0);
const gaps = new Array(viewers).fill(0);
let open = viewers;
let t0 = null;
const finish = () => {
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  const fps = counts.map((c) => c / elapsed).sort((a, b) => a - b);
  const total = counts.reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ viewers, seconds: elapsed, frames: total, frames_per_s: total / elapsed,
                               per_viewer_min: fps[0], per_viewer_median: fps[Math.floor((fps.length - 1) / 2)],
                               gaps: gaps.reduce((a, b) => a + b, 0) }));
  process.exit(0);
};
let connected = 0;
for (let i = 0; i < viewers; ++i) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let last = -1;
  ws.on('open', () => {
    // The clock starts once every viewer is attached: all of them count over the same window.
    if (++connected === viewers) {
      t0 = process.hrtime.bigint();
      counts.fill(0);
      gaps.fill(0);
      setTimeout(finish, seconds * 1000);
    }
  });
  ws.on('message', (data) => {
    const id = data.readUInt32BE(0);
    if (last >= 0 && id > last + 1 && t0 !== null) gaps[i] += id - last - 1;
    last = id;
    if (t0 !== null) ++counts[i];
  });
  ws.on('error', (e) => { console.error(`stream_viewers: ${e.message}`); process.exit(1); });
  ws.on('close', () => { if (--open === 0 && t0 === null) { console.error('stream_viewers: all closed'); process.exit(1); } });
}
setTimeout(() => { console.error('stream_viewers: timed out'); process.exit(1); }, (seconds + 30) * 1000);
