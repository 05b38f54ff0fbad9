// The Node viewer of bench/ws_viewer_vs_node.sh: one `ws` session that receives pushed frames for
// SECONDS, reading each one's '!IdI' header (frame id, timestamp, length) as latbench does, and
// counts the frames and the ids skipped. Prints one JSON line: frames, frames per second, missing.
//   node viewer_client.js URL SECONDS
const WebSocket = require('ws');
const [url, seconds] = [process.argv[2], +process.argv[3]];
let frames = 0, missing = 0, last = 0, started = 0n;
const ws = new WebSocket(url, { perMessageDeflate: false });
ws.on('open', () => {
  started = process.hrtime.bigint();
  setTimeout(() => {
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(JSON.stringify({ frames, frames_per_s: frames / elapsed, missing }));
    ws.terminate();
  }, seconds * 1000);
});
ws.on('message', (data) => {
  const id = data.readUInt32BE(0);
  data.readDoubleBE(4);
  if (data.readUInt32BE(12) !== data.length - 16) throw new Error('length field disagrees');
  if (last && id > last + 1) missing += id - last - 1;
  last = id;
  ++frames;
});
ws.on('error', (e) => { console.error(`viewer_client: ${e.message}`); process.exit(1); });
