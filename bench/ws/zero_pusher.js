// The zero-work pusher of bench/ws_viewer_vs_node.sh: a Node `ws` server that pushes binary frames
// ('!IdI' header: frame_id, timestamp in s, length; then BYTES of payload) to every viewer as fast
// as its socket drains, doing nothing per frame but packing the header. Backpressure: it writes
// while the socket holds under 1 MiB unsent and resumes on 'drain', so memory stays bounded and
// it does not spin. Prints its port on stdout.
//   node zero_pusher.js BYTES
const WebSocket = require('ws');
const bytes = +(process.argv[2] || 2000);
const payload = Buffer.alloc(bytes, 0x5a);
const k_high_water = 1 << 20;
const k_batch = 256;
const server = new WebSocket.Server({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('listening', () => console.log(server.address().port));
server.on('connection', (ws) => {
  let id = 0;
  const socket = ws._socket;
  // At most k_batch frames per turn of the event loop, then it yields: a closed socket (whose
  // writes fail without filling it) cannot keep the loop spinning.
  const pump = () => {
    for (let n = 0; n < k_batch; ++n) {
      if (ws.readyState !== WebSocket.OPEN || socket.destroyed) return;
      if (socket.writableLength >= k_high_water) {
        socket.once('drain', pump);
        return;
      }
      const frame = Buffer.allocUnsafe(16 + bytes);
      frame.writeUInt32BE(++id >>> 0, 0);
      frame.writeDoubleBE(Date.now() / 1000, 4);
      frame.writeUInt32BE(bytes, 12);
      payload.copy(frame, 16);
      ws.send(frame, { binary: true });
    }
    setImmediate(pump);
  };
  pump();
  ws.on('error', () => {});
});
