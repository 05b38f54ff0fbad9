// The peer client of bench/ws_client_vs_node.sh: SESSIONS WebSocket sessions (Node's `ws`), each
// closed loop for SECONDS: send a binary frame of BYTES, wait for its answer, send the next, as
// `latbench run --url ws://...` does with its defaults. Prints one JSON line: RTT p50 (us) over
// every frame and answered frames per second.
//   node peer_client.js URL SESSIONS SECONDS BYTES
const WebSocket = require('ws');
const [url, sessions, seconds, bytes] = [process.argv[2], +process.argv[3], +process.argv[4], +process.argv[5]];
const frame = Buffer.alloc(bytes, 0x5a);
const rtts = [];
let open = sessions;
const t0 = process.hrtime.bigint();
const end = t0 + BigInt(Math.round(seconds * 1e9));
for (let i = 0; i < sessions; ++i) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let sent = 0n;
  const send = () => { sent = process.hrtime.bigint(); ws.send(frame, { binary: true }); };
  ws.on('open', send);
  ws.on('message', () => {
    const now = process.hrtime.bigint();
    rtts.push(Number(now - sent) / 1000);
    if (now < end) send(); else ws.close();
  });
  ws.on('close', () => {
    if (--open > 0) return;
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    rtts.sort((a, b) => a - b);
    const p50 = rtts.length ? rtts[Math.floor((rtts.length - 1) / 2)] : NaN;
    console.log(JSON.stringify({ frames: rtts.length, p50_us: p50, frames_per_s: rtts.length / elapsed }));
  });
  ws.on('error', (e) => { console.error(`peer_client: ${e.message}`); process.exit(1); });
}
